import { saveReceipts } from "../config/receipts.ts";
import { GameRunningError, OfflineError, ResticUnavailableError, type SyncError } from "../errors.ts";
import { findRunningGame } from "../guards/gameRunning.ts";
import type { Summary } from "../ui.ts";
import { Instance } from "./instance.ts";
import { acquireLock } from "./lock.ts";
import type { SyncOptions } from "./options.ts";

/** With `--offline=allow` (the default), what an unreachable server means for the player. */
const OFFLINE_PLAN: Record<string, string> = {
  pull: "the game starts with this computer's files, and the next push uploads your changes",
  push: "your changes stay on this computer and are uploaded by the next push",
};

/**
 * Failures that must not keep a player from playing: the server cannot be reached or answers 5xx/429
 * (OfflineError, ServerError), or restic can be neither found nor downloaded. Each says what it is;
 * the policy (`--offline`) is the same.
 */
function followsOfflinePolicy(e: unknown): e is SyncError {
  return e instanceof OfflineError || e instanceof ResticUnavailableError;
}

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
  // The running-game check reads only /proc (or asks the OS) and the worlds' session.lock files: it runs
  // while the instance's files are read. On Linux its /proc/locks read waits for the kernel (an RCU grace
  // period, up to ~20 ms) rather than using the CPU, so the overlap is nearly free time.
  const gameCheck = GAME_GUARDED.has(command) && !options.skipGameCheck
    ? findRunningGame(options.packFolder)
    : null;
  gameCheck?.catch(() => {}); // awaited below; a folder that is not opted in never looks at it
  const inst = await Instance.open(options);
  if (!inst) {
    return { command, outcome: "not-opted-in", message: "this instance is not set up for sync" };
  }
  if (gameCheck) {
    const game = await gameCheck;
    if (game) {
      throw new GameRunningError(
        `Minecraft is running on this instance: ${game.detail}`,
        command === "push"
          ? "Close the game first; the launcher runs push after the game exits"
          : "Close the game first",
      );
    }
  }
  const lock = await acquireLock(inst.paths, {
    command,
    waitMs: options.lockWaitMs,
    machine: await inst.machineId(),
  });
  try {
    if (lock.tookOverStale) {
      inst.reporter.info("Took over the lock of an earlier run that ended without releasing it");
      inst.staleLockTakenOver = true;
    }
    let summary: Summary;
    try {
      summary = await fn(inst);
      await inst.cleanUpAfterTakeover();
      // Only a run that did its work records what it validated: an offline or failed one changes nothing.
      await saveReceipts(inst.paths);
    } catch (e) {
      const whatNow = OFFLINE_PLAN[command];
      // Only before local files change: a restore cut off midway must fail, so the game does not start
      // on a half-restored world (the journal lets the next pull finish it).
      if (!followsOfflinePolicy(e) || !whatNow || options.offline === "abort" || inst.restoring) throw e;
      if (e.detail && options.env?.INSTANCE_SYNC_DEBUG) inst.reporter.info(`detail: ${e.detail}`);
      // One line for the launcher's log: what happened (naming the server) and what happens next.
      summary = { command, outcome: "offline", message: `${e.message}; ${whatNow}` };
    }
    inst.reporter.finish(summary);
    return summary;
  } finally {
    await lock.release();
  }
}
