/**
 * The hook lane: a launcher's `pull`/`push` with only well-formed known flags, parsed by cli/gate.ts,
 * runs here without commander and the rest of the command surface (cli/program.ts). What runs is the
 * same `runSync` the full CLI calls, and failures go through the same reportFailure: only the start-up
 * differs.
 */
import { runSync } from "./commands/sync.ts";
import type { PullPushFlags } from "./commands/sync.ts";
import { processContext, reportFailure } from "./failure.ts";
import { disableChalkColors, useColor } from "./ui/color.ts";
import { stderrSink, stdoutSink } from "./ui/headless.ts";

/** Runs a routed hook on the real process and returns the exit code. */
export async function runHookProcess(
  command: "pull" | "push",
  flags: PullPushFlags,
  args: string[],
): Promise<number> {
  const ctx = processContext({ err: stderrSink(), out: stdoutSink() });
  if (!useColor(ctx.env, Deno.stderr.isTerminal(), args.includes("--no-color") ? false : undefined)) {
    disableChalkColors(Deno.env); // before Ink could load: chalk fixes its color level at import
  }
  try {
    await runSync(command, flags, ctx);
    return ctx.exitCode;
  } catch (e) {
    return reportFailure(e, ctx);
  }
}
