/**
 * `chain <command> pull|push …` (hidden): what `hooks install --keep-existing` writes for Prism and
 * MultiMC, which run no shell. Runs the player's own command first, split with Qt's splitter exactly as
 * the launcher would have, with the same environment and folder; then this program's `pull`/`push`.
 * Before launch, a failing command stops there with its exit code (the launch stops, as it did without
 * instance-sync); after exit, the session is uploaded anyway.
 */
import { splitKept } from "../../core/launchers/hookCommand.ts";
import type { CliContext } from "../context.ts";
import { currentSelf, selfCommand } from "../window/selfCommand.ts";

async function run(words: string[], ctx: CliContext): Promise<number> {
  try {
    const child = new Deno.Command(words[0], {
      args: words.slice(1),
      cwd: ctx.cwd,
      env: Object.fromEntries(
        Object.entries(ctx.env).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      clearEnv: true,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    return (await child.status).code;
  } catch (e) {
    ctx.err(`instance-sync: cannot start "${words[0]}": ${(e as Error).message}`);
    return 127;
  }
}

export async function runChain(command: string, args: string[], ctx: CliContext): Promise<void> {
  const words = splitKept(command);
  const first = words.length ? await run(words, ctx) : 0;
  if (first !== 0) {
    ctx.err(`instance-sync: "${words[0]}" exited with code ${first}`);
    if (args[0] !== "push") {
      ctx.exitCode = first;
      return;
    }
  }
  const own = await run(selfCommand(currentSelf(), args), ctx);
  ctx.exitCode = own || first;
}
