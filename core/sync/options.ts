import type { Prompter, Reporter } from "../ui.ts";

/** Test-only journal hooks: fault-injection tests stop a run at a named step (see tests/faults). */
export type StepHook = (step: string) => Promise<void> | void;

/** Everything a sync operation needs from its caller; the CLI builds it from flags, tests by hand. */
export interface SyncOptions {
  /** The pack folder (an existing directory; `resolvePackFolder` checks flags and env). */
  packFolder: string;
  env?: Record<string, string | undefined>;
  tokenFile?: string;
  resticBinary?: string;
  /** Allow downloading restic when none is found (default true). */
  download?: boolean;
  instanceLabel?: string;
  /**
   * This computer's id for snapshot tags and "same computer?" decisions (default: the one kept in the
   * user's config folder, see core/config/machine.ts; null: none, decide by host name).
   */
  machineId?: string | null;
  /** This machine's name in snapshots (default: the host name, or $INSTANCE_SYNC_HOST). */
  host?: string;
  /**
   * What to do on a conflict: a fixed policy, or "ask" the prompter (terminal UI). `keep-both` keeps
   * each conflicting world twice: the cloud's under its folder, this computer's as a renamed copy.
   */
  onConflict?: "abort" | "keep-local" | "use-cloud" | "keep-both" | "ask";
  /**
   * Another computer is playing and has not uploaded (docs/presence.md): "ask" the prompter (the
   * default; where nobody can answer, warn and play), "play" with a warning, or "cancel" the launch.
   */
  onPlayingElsewhere?: "ask" | "play" | "cancel";
  /** Proceed when a push or pull would remove more than half of the synced files (or every world). */
  allowMassDelete?: boolean;
  /** Skip the running-game check (tests that run no game; the CLI never sets it). */
  skipGameCheck?: boolean;
  /** Server unreachable: "allow" carries on offline (exit 0), "abort" fails. */
  offline?: "allow" | "abort";
  /** Kill restic after this long without transfer progress (default 60 s). */
  stallTimeoutMs?: number;
  /** Wait this long for another run's lock before exit 4 (default 5 s). */
  lockWaitMs?: number;
  reporter?: Reporter;
  prompter?: Prompter;
  signal?: AbortSignal;
  /**
   * Added to restic's environment, for what restic's helper programs read: an rclone configuration
   * (`RCLONE_CONFIG`), the `PATH` that finds `ssh` or `rclone`. Never a secret (those come from the token).
   */
  resticEnv?: Record<string, string>;
  /** Where downloaded restic binaries are cached (default: the user's private cache folder, binaryDir.ts). */
  resticCacheDir?: string;
  /** Minimum milliseconds between progress events (default 1000). */
  progressIntervalMs?: number;
  onStep?: StepHook;
}
