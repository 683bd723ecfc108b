/**
 * The one seam between core and people (docs/architecture.md#code-rules). Core never touches a terminal: it reports through
 * a `Reporter` and asks through a `Prompter`. The headless, `--json` and Ink front ends implement both.
 */

/** Which long-running step a progress event belongs to. */
export type Operation = "scan" | "backup" | "restore" | "conflict-backup" | "pre-restore-backup" | "cleanup";

/** A throttled progress sample (core throttles once; renderers draw what they get). */
export interface ProgressEvent {
  op: Operation;
  /** 0..1 */
  fraction: number;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  secondsElapsed: number;
  secondsRemaining?: number;
  currentFiles: string[];
}

/** What a command did, for the final one-line summary and the `summary` JSON event. */
export interface Summary {
  command: string;
  /** A machine-readable outcome, e.g. "up-to-date", "restored", "pushed", "offline", "not-opted-in". */
  outcome: string;
  /** The human line. */
  message: string;
  snapshot?: string;
  details?: Record<string, unknown>;
}

/** A snapshot as people see it. */
export interface SnapshotInfo {
  id: string;
  shortId: string;
  time: string;
  host: string;
  label?: string;
}

/** One side of a conflict: what changed there since the common base. */
export interface ConflictSide {
  /** "local" is this computer's folder, "cloud" the newest snapshot in the repository. */
  side: "local" | "cloud";
  machine: string;
  /** ISO time of the snapshot, or of the newest local change. */
  time: string | null;
  label?: string;
  snapshot?: SnapshotInfo;
  added: string[];
  changed: string[];
  removed: string[];
  /** Total bytes of in-scope files on this side. */
  bytes: number;
  files: number;
}

/** One world that changed on either side, as the conflict screens show it (see core/worlds/describe.ts). */
export type { WorldChange, WorldSide } from "./worlds/describe.ts";
import type { WorldChange } from "./worlds/describe.ts";

/** Why pull stopped: both sides changed, or the cloud head does not descend from our base (a fork). */
export interface ConflictDescription {
  reason: "both-changed" | "fork" | "first-sync";
  instanceLabel: string;
  packFolder: string;
  base: SnapshotInfo | null;
  local: ConflictSide;
  cloud: ConflictSide;
  /** Per world: what changed on each side, last played, game version (empty when no world changed). */
  worlds: WorldChange[];
  /** Files outside worlds that changed (options.txt, screenshots …), per side. */
  otherFiles: { local: number; cloud: number };
}

/** What to do with one world: take the cloud's, keep this computer's, or keep both (local as a copy). */
export type WorldChoice = "cloud" | "local" | "both";

/**
 * The answers of docs/contract.md#sync-semantics, plus keep-both (every conflicting world twice) and a per-world choice.
 * Worlds left out of `worlds` and files outside worlds follow the keep-both rule: the side that
 * changed them wins, the cloud when both did.
 */
export type ConflictChoice =
  | "use-cloud"
  | "keep-local"
  | "keep-both"
  | "cancel"
  | { worlds: Record<string, WorldChoice> };

/** Credentials entered by a player in `setup`. */
export interface Credentials {
  url: string;
  id: string;
  password: string;
}

/** Another computer's play that is not uploaded yet (a presence record, docs/presence.md). */
export interface PlayingElsewhere {
  /** The other computer's machine id. */
  machine: string;
  /** Its host name, as people know it. */
  displayName: string;
  /** ISO time the launch was recorded. */
  since: string;
  /** Short id of the snapshot it started from. */
  snapshot: string | null;
  /** Older than 24 hours ("may have crashed"). */
  stale: boolean;
  instanceLabel: string;
}

/** Progress and messages, from core to whoever watches. */
export interface Reporter {
  start(op: Operation, message: string): void;
  progress(event: ProgressEvent): void;
  finish(summary: Summary): void;
  info(message: string): void;
  warn(message: string): void;
  /** Diagnostics for whoever debugs (`INSTANCE_SYNC_DEBUG`); optional, dropped by default. */
  debug?(message: string): void;
  /** A conflict was found (reported before any question is asked, so `--json` tools see it). */
  conflict(description: ConflictDescription): void;
}

/** Questions core may ask; only cases no flag decided reach a prompter (docs/architecture.md#code-rules). */
export interface Prompter {
  /**
   * The player's answer; "abort" when nobody could be asked (a hook whose dialog window could not
   * open), which stops the run exactly as `--on-conflict=abort` does.
   */
  chooseConflict(description: ConflictDescription): Promise<ConflictChoice | "abort">;
  /** The cloud moved since this computer last synced; push anyway as a fork? */
  confirmForkPush(description: ConflictDescription): Promise<boolean>;
  confirm(question: string, detail?: string): Promise<boolean>;
  /** Another computer is playing and has not uploaded: play here anyway? "abort" when nobody could be asked. */
  confirmPlayingElsewhere(p: PlayingElsewhere): Promise<"play" | "cancel" | "abort">;
  login(defaults: { url: string; id?: string }): Promise<Credentials>;
}

/** A reporter that drops everything (module API callers that do not care). */
export const silentReporter: Reporter = {
  start() {},
  progress() {},
  finish() {},
  info() {},
  warn() {},
  conflict() {},
};
