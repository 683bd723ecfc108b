/**
 * Typed errors. Every failure the user can see is one of these: it carries the process exit code
 * (docs/contract.md#exit-codes) and a one-line message; `cli/main.ts` catches them once and exits.
 */

/** Exit codes of docs/contract.md#exit-codes, shared by the CLI, the docs and the tests. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  conflict: 3,
  locked: 4,
  auth: 5,
  gameRunning: 6,
  interrupted: 130,
} as const;
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];

/** Base of every error that is meant for a person: a message, an exit code and an optional hint. */
export class SyncError extends Error {
  readonly exitCode: number;
  readonly hint?: string;
  /**
   * Technical detail for whoever debugs (the repository location, restic's own line), shown only with
   * `INSTANCE_SYNC_DEBUG`: the message itself speaks the player's language. Scrubbed of secrets.
   */
  detail?: string;
  constructor(message: string, exitCode: number, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** A bad flag or argument, or a request the current state refuses (exit 2). */
export class UsageError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** A config file that cannot be read, parsed or validated (exit 2); names the file and field. */
export class ConfigError extends SyncError {
  readonly file: string;
  constructor(file: string, message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
    this.file = file;
  }
}

/** Local and cloud changes diverged; the launch should not proceed (exit 3). */
export class ConflictError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.conflict, hint);
  }
}

/** Another run holds the instance lock (exit 4). */
export class LockedError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.locked, hint);
  }
}

/** The server or repository refused the credentials (exit 5). */
export class AuthError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.auth, hint);
  }
}

/** Minecraft runs on this instance (exit 6). */
export class GameRunningError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.gameRunning, hint);
  }
}

/** The repository cannot be reached (network down, server stopped, DNS, stalled upload) (exit 1). */
export class OfflineError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failure, hint);
  }
}

/**
 * The server answered, but with an error status that says it is broken or busy (HTTP 5xx, 429): for
 * the player that is the same as an unreachable server, so it follows the offline policy (exit 1 only
 * with `--offline=abort`).
 */
export class ServerError extends OfflineError {
  readonly status: number;
  constructor(message: string, status: number, hint?: string) {
    super(message, hint);
    this.status = status;
  }
}

/**
 * restic is needed but none could be found or downloaded (exit 1). Not "offline": the message says
 * what is missing and how to provide it; the offline policy still decides whether the launch goes on.
 */
export class ResticUnavailableError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failure, hint);
  }
}

/**
 * A program restic itself needs for the location is missing (`rclone` for `rclone:`, `ssh` for `sftp:`)
 * (exit 1). Like a missing restic it follows the offline policy; the message names what to install.
 */
export class BackendToolMissingError extends ResticUnavailableError {
  constructor(message: string, hint?: string) {
    super(message, hint);
  }
}

/** restic failed in a way that is not one of the above (exit 1, or restic's 130 on interrupt). */
export class ResticError extends SyncError {
  readonly resticExitCode: number | null;
  constructor(message: string, resticExitCode: number | null, hint?: string) {
    super(message, resticExitCode === 130 ? ExitCode.interrupted : ExitCode.failure, hint);
    this.resticExitCode = resticExitCode;
  }
}

/** The restic repository does not exist at the configured location (restic exit 10). */
export class RepositoryMissingError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failure, hint);
  }
}

/** The run was interrupted (Ctrl+C / SIGINT); restic was waited for (exit 130). */
export class InterruptedError extends SyncError {
  constructor(message = "Interrupted") {
    super(message, ExitCode.interrupted);
  }
}

/** An I/O failure on local files (exit 1). */
export class IoError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failure, hint);
  }
}
