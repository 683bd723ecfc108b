import type { CliContext } from "../context.ts";

/**
 * `instance-sync` with no command, in a terminal: the home screen (tui/home/). It lists the
 * discovered instances; each pick runs its action (cli/home/perform.ts), then the list comes back,
 * read afresh, with what the action did on top. q, Escape or Ctrl+C on the list quits.
 */
export async function runHome(ctx: CliContext): Promise<void> {
  const { discover, processDiscoveryOptions } = await import("../../core/launchers/discover.ts");
  const { pickOnHome } = await import("../../tui/home/run.ts");
  const { performHomeAction } = await import("../home/perform.ts");
  let message: string[] | undefined;
  let initial = 0;
  while (true) {
    const found = await discover(processDiscoveryOptions(ctx.env));
    const pick = await pickOnHome({ instances: found.instances, message, initial });
    if (!pick) return;
    initial = pick.index;
    message = await performHomeAction(pick.action, found.instances[pick.index], found, ctx);
  }
}
