/**
 * A child process for fault injection: runs one core operation (`pull` or `push`) on a pack folder
 * and, when `$KILL_AT` names a journal step, SIGKILLs itself the moment the engine reaches it.
 * Options come as JSON in `$FAULT_OPTS`; the summary goes to stdout as one JSON line and the exit
 * code is the one the CLI would use.
 */
import { SyncError } from "../../core/errors.ts";
import { pull } from "../../core/sync/pull.ts";
import { push } from "../../core/sync/push.ts";
import { restoreWorld } from "../../core/sync/worldRestore.ts";
import type { SyncOptions } from "../../core/sync/options.ts";

/** What the parent passes in `$FAULT_OPTS`. */
export interface DriverOptions {
  op: "pull" | "push" | "restore-world";
  /** restore-world: the snapshot and the world to bring back in place. */
  snapshot?: string;
  world?: string;
  packFolder: string;
  host: string;
  resticBinary: string;
  onConflict?: SyncOptions["onConflict"];
  stallTimeoutMs?: number;
  lockWaitMs?: number;
}

if (import.meta.main) {
  const o = JSON.parse(Deno.env.get("FAULT_OPTS") ?? "{}") as DriverOptions;
  const killAt = Deno.env.get("KILL_AT");
  const options: SyncOptions = {
    packFolder: o.packFolder,
    host: o.host,
    resticBinary: o.resticBinary,
    download: false,
    env: {},
    onConflict: o.onConflict,
    stallTimeoutMs: o.stallTimeoutMs,
    lockWaitMs: o.lockWaitMs ?? 10_000,
    progressIntervalMs: 0,
    onStep: (step) => {
      if (step === killAt) Deno.kill(Deno.pid, "SIGKILL");
    },
  };
  try {
    const summary = await (o.op === "pull" ? pull(options) : o.op === "push" ? push(options) : restoreWorld({
      ...options,
      snapshot: o.snapshot!,
      world: o.world!,
      confirm: () => Promise.resolve(true),
    }));
    console.log(JSON.stringify(summary));
  } catch (e) {
    const code = e instanceof SyncError ? e.exitCode : 1;
    console.error(`${(e as Error).name}: ${(e as Error).message}`);
    Deno.exit(code);
  }
}
