/**
 * The quick lane: `pull`, `push`, `status` and `history` with only well-formed known flags, parsed by
 * cli/gate.ts, run here without commander and the rest of the command surface (cli/program.ts). What
 * runs is the same command function the full CLI calls, and failures go through the same reportFailure:
 * only the start-up differs.
 */
import type { LaneCommand } from "./laneCommand.ts";
import type { PullPushFlags } from "./commands/sync.ts";
import type { HistoryFlags } from "./commands/history.ts";
import type { CliContext } from "./context.ts";
import { reportFailure } from "./failure.ts";
import { processContext } from "./processContext.ts";

/** Runs a routed command on the real process and returns the exit code. */
export async function runLaneProcess(
  command: LaneCommand,
  flags: Record<string, unknown>,
  args: string[],
): Promise<number> {
  const ctx = processContext(args);
  try {
    await runLaneCommand(command, flags, ctx);
    return ctx.exitCode;
  } catch (e) {
    return reportFailure(e, ctx);
  }
}

async function runLaneCommand(command: LaneCommand, flags: Record<string, unknown>, ctx: CliContext) {
  if (command === "pull" || command === "push") {
    return await (await import("./commands/sync.ts")).runSync(
      command,
      flags as unknown as PullPushFlags,
      ctx,
    );
  }
  if (command === "status") return await (await import("./commands/info.ts")).runInfo("status", flags, ctx);
  return await (await import("./commands/history.ts")).runHistory(flags as HistoryFlags, ctx);
}
