import { GameRunningError, type OfflineError } from "../errors.ts";
import { findRunningGame } from "../guards/gameRunning.ts";
import type { Summary } from "../ui.ts";
import { Instance } from "./instance.ts";
import { acquireLock } from "./lock.ts";
import type { SyncOptions } from "./options.ts";

/** Commands that change files and so must not run beside the game. */
const GAME_GUARDED = new Set(["pull", "push", "restore"]);

/**
 * Opens the instance and holds its lock around `fn`. Returns the "not-opted-in" summary without
 * touching anything when there is no literal sync.json (the opt-in gate).
 */
export async function withInstance(
  command: string,
  options: SyncOptions,
  fn: (inst: Instance) => Promise<Summary>,
): Promise<Summary> {
  const inst = await Instance.open(options);
  if (!inst) {
    return { command, outcome: "not-opted-in", message: "this instance is not set up for sync" };
  }
  if (GAME_GUARDED.has(command) && !options.skipGameCheck) {
    const game = await findRunningGame(inst.packFolder);
    if (game) {
      throw new GameRunningError(
        `Minecraft is running on this instance: ${game.detail}`,
        command === "push"
          ? "Close the game first; the launcher runs push after the game exits"
          : "Close the game first",
      );
    }
  }
  const lock = await acquireLock(inst.paths, { command, waitMs: options.lockWaitMs });
  try {
    if (lock.tookOverStale) {
      inst.reporter.info("Took over the lock of an earlier run that ended without releasing it");
      inst.staleLockTakenOver = true;
    }
    const summary = await fn(inst);
    inst.reporter.finish(summary);
    return summary;
  } finally {
    await lock.release();
  }
}

/** `--offline=allow`: turn an unreachable server into an exit-0 summary with a plain message. */
export function offlineSummary(
  command: string,
  inst: Instance,
  error: OfflineError,
  whatNow: string,
): Summary {
  inst.reporter.warn(`${error.message}; ${whatNow}`);
  return { command, outcome: "offline", message: `${command}: offline, ${whatNow}` };
}
