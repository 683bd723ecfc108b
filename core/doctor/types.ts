/**
 * The doctor's vocabulary. A check looks at one instance and returns what would stop a launch from
 * syncing, each finding with a one-line fix. Checks are listed in `checks.ts`; adding one is a new module
 * that implements `DoctorCheck` and one line there.
 */
import type { HookState, LauncherInstall, LauncherKind, SyncState } from "../launchers/types.ts";
import type { InstancePaths } from "../config/paths.ts";
import type { SyncJson } from "../config/syncJson.ts";
import type { Token } from "../config/token.ts";
import type { RepoTarget } from "../restic/repo.ts";

/** One thing that is wrong, and what to do about it (both one line, no secrets). */
export interface Finding {
  problem: string;
  fix: string;
}

/** A finding with the check that made it (the `--json` `findings` entries). */
export interface CheckedFinding extends Finding {
  check: string;
}

/**
 * The instance being examined: a discovered launcher instance, or a bare pack folder (`--pack-folder`
 * or `$INST_MC_DIR` with no launcher found for it: `launcher` and `install` are null, hooks unchecked).
 */
export interface DoctorSubject {
  launcher: LauncherKind | null;
  install: LauncherInstall | null;
  name: string;
  /** The launcher's folder name for the instance (`--instance=` in `hooks install`), when known. */
  folderName: string | null;
  instanceDir: string | null;
  gameDir: string;
  sync: SyncState;
  hooks: HookState;
}

/** sync.json and token as a run would load them, or the reason they cannot be. */
export type LoadedConfig =
  | { ok: true; syncJson: SyncJson; token: Token; target: RepoTarget }
  | { ok: false };

/** sync.json and token as read by `readConfigForDoctor`, with what is wrong with them. */
export interface ConfigReading {
  loaded: LoadedConfig | null;
  findings: Finding[];
}

/** What every check may use; everything from the outside world is passed in (tests build it by hand). */
export interface DoctorContext {
  subject: DoctorSubject;
  paths: InstancePaths;
  env: Record<string, string | undefined>;
  /** This program's version (hooks that run another version are a finding). */
  version: string;
  /**
   * The active config, read once and shared by the checks: `loaded` is null when sync is not on and
   * `{ ok: false }` when it cannot be used (the config check reports `findings`). Changes nothing on disk.
   */
  config(): Promise<ConfigReading>;
  /** Runs a hook's program with `--version` and returns what it prints (trimmed), or throws. */
  programVersion(program: string[]): Promise<string>;
  /** Limit for each network request (the server listing, the restic download probe). */
  timeoutMs: number;
}

/** One check. `id` names it in `--json` output; keep it stable. */
export interface DoctorCheck {
  id: string;
  run(ctx: DoctorContext): Promise<Finding[]>;
}

/** What the doctor found for one instance. */
export interface InstanceDiagnosis {
  subject: DoctorSubject;
  findings: CheckedFinding[];
}
