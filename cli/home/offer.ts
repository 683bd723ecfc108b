import { SyncError } from "../../core/errors.ts";
import type { DiscoveredInstance } from "../../core/launchers/types.ts";
import type { CliContext } from "../context.ts";
import type { AskKeep } from "./wire.ts";

/** The discovered launcher instance whose game folder is `packFolder`, if any. */
export async function instanceOf(packFolder: string, ctx: CliContext): Promise<DiscoveredInstance | null> {
  const { discover, processDiscoveryOptions } = await import("../../core/launchers/discover.ts");
  const real = (p: string) => Deno.realPath(p).catch(() => p);
  const want = await real(packFolder);
  for (const i of (await discover(processDiscoveryOptions(ctx.env))).instances) {
    if (await real(i.gameDir) === want) return i;
  }
  return null;
}

/** The keep/refuse question for someone else's command, in the terminal. */
export const askKeepInTerminal: AskKeep = async (refusal) => {
  const { askYesNo } = await import("../../tui/home/ask.ts");
  return await askYesNo({
    question: refusal,
    detail: "Keep it: the launcher runs it first, then instance-sync. Leave it: nothing is written.",
    yesLabel: "Keep it running first",
    noLabel: "Leave the launcher's file as it is",
    defaultYes: true,
  });
};

/**
 * The end of `setup` in a terminal: when the pack folder is a launcher instance whose hooks do not run
 * instance-sync yet, offer to wire them. Returns what was done, in lines.
 */
export async function offerToWire(packFolder: string, ctx: CliContext, fromHome = false): Promise<string[]> {
  const instance = await instanceOf(packFolder, ctx);
  if (!instance || instance.hooks.state === "instance" || instance.hooks.state === "global") return [];
  if (instance.launcher === "modrinth") return [];
  const { askYesNo } = await import("../../tui/home/ask.ts");
  const { LAUNCHER_NAMES } = await import("../../core/launchers/hookPlan.ts");
  const yes = await askYesNo({
    question: `Wire ${LAUNCHER_NAMES[instance.launcher]}'s hooks for "${instance.name}" now?`,
    detail: "The launcher then runs `instance-sync pull` before each launch and `push` after the game exits.",
    yesLabel: "Wire the hooks",
    noLabel: fromHome
      ? "Not now (pick the instance in this list to wire it later)"
      : "Not now (the home screen, `instance-sync`, can do it later)",
    defaultYes: true,
  });
  if (!yes) return [];
  const { wireHooks } = await import("./wire.ts");
  try {
    return await wireHooks([{ scope: "instance", instance }], askKeepInTerminal);
  } catch (e) {
    // Setup itself succeeded: a refusal (a running launcher, a sandbox that cannot run this program)
    // leaves the hooks to the player, with the commands setup prints for wiring by hand.
    if (!(e instanceof SyncError)) throw e;
    ctx.err(`instance-sync: not wired: ${e.message}`);
    if (e.hint) ctx.err(`instance-sync: ${e.hint}`);
    return [];
  }
}
