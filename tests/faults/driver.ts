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
import type { Prompter, WorldChoice } from "../../core/ui.ts";

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
  /**
   * Answer a conflict world by world, as the TUI's per-world chooser does: the n-th changed world gets
   * `perWorld[n % length]`. Mass-deletion questions are answered no.
   */
  perWorld?: WorldChoice[];
  /** The environment core sees (e.g. the computer's INSTANCE_SYNC_CONFIG_DIR); default none. */
  env?: Record<string, string>;
}

/** A prompter that gives the per-world answer of `choices` and declines everything else. */
function perWorldPrompter(choices: WorldChoice[]): Prompter {
  return {
    chooseConflict: (d) =>
      Promise.resolve({
        worlds: Object.fromEntries(d.worlds.map((w, i) => [w.folder, choices[i % choices.length]])),
      }),
    confirmForkPush: () => Promise.resolve(true),
    confirm: () => Promise.resolve(false),
    confirmPlayingElsewhere: () => Promise.resolve("play"),
    login: () => Promise.reject(new Error("the fault driver cannot log in")),
  };
}

if (import.meta.main) {
  const o = JSON.parse(Deno.env.get("FAULT_OPTS") ?? "{}") as DriverOptions;
  const killAt = Deno.env.get("KILL_AT");
  const options: SyncOptions = {
    packFolder: o.packFolder,
    host: o.host,
    resticBinary: o.resticBinary,
    download: false,
    env: o.env ?? {},
    onConflict: o.perWorld ? "ask" : o.onConflict,
    prompter: o.perWorld ? perWorldPrompter(o.perWorld) : undefined,
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
