/**
 * Turns a failed restic run into one typed error (restic's exit codes: 1 fatal, 3 incomplete backup,
 * 10 no repository, 11 lock failed, 12 wrong password, 130 interrupted). Every message goes through
 * `scrub`, so neither the repository URL's credentials nor the password can leak into it.
 */
import {
  AuthError,
  InterruptedError,
  LockedError,
  OfflineError,
  RepositoryMissingError,
  ResticError,
  type SyncError,
} from "../errors.ts";
import { backendFailure } from "./backendFailure.ts";
import { parseExitError } from "./events.ts";
import { errorForHttpStatus, httpStatusInResticLine, isServerTrouble } from "./httpStatus.ts";
import { networkErrorReason } from "./networkError.ts";
import { type RepoTarget, scrub } from "./repo.ts";

const UNAUTHORIZED = /\b401\b|Unauthorized/;
const WRONG_PASSWORD = /wrong password or no key found/i;
const NO_REPOSITORY = /repository does not exist|Is there a repository at the following location/i;
/** Windows refuses to replace a file another program holds open (ERROR_SHARING_VIOLATION, 32). */
const FILE_IN_USE = /being used by another process|sharing violation/i;

export interface FailedRun {
  /** restic's exit code. */
  code: number;
  /** The last stderr lines (raw; scrubbed here). */
  stderr: string[];
  /** The subcommand, for the message ("backup"). */
  command: string;
}

/** Maps a non-zero restic exit to a typed error; restic's own words go to `detail` (INSTANCE_SYNC_DEBUG). */
export function classifyFailure(run: FailedRun, target: RepoTarget): SyncError {
  const error = classify(run, target);
  error.detail ??= scrub(
    `restic ${run.command} on ${target.display} exited ${run.code}: ${lastErrorLine(run.stderr)}`,
    target,
  );
  return error;
}

function classify(run: FailedRun, target: RepoTarget): SyncError {
  const where = target.server;
  const text = run.stderr.join("\n");
  if (run.code === 130) return new InterruptedError();
  if (run.code === 12 || WRONG_PASSWORD.test(text)) {
    return new AuthError(
      `Authentication failed: wrong repository password for "${where}"`,
      "Check the token (id:password) of this instance",
    );
  }
  const helper = backendFailure(text, where);
  if (helper) return helper;
  if (UNAUTHORIZED.test(text)) {
    return new AuthError(
      `Authentication failed: the server refused the token for "${where}"`,
      "Check the token (id:password) of this instance",
    );
  }
  if (run.code === 10 || NO_REPOSITORY.test(text)) {
    return new RepositoryMissingError(`No restic repository at "${where}"`);
  }
  if (run.code === 11) {
    return new LockedError(
      `The restic repository "${where}" is locked by another restic process`,
      'If no other restic uses it, a stale lock can be removed with "restic unlock"',
    );
  }
  // restic retries a failing rest-server and finally gives up with the last status it saw.
  const status = run.stderr.map(httpStatusInResticLine).findLast((s) => s !== null && isServerTrouble(s));
  if (status) return errorForHttpStatus(status, where)!;
  const reason = run.stderr.map(networkErrorReason).find((r) => r !== null);
  if (reason) return new OfflineError(`Cannot reach "${where}": ${reason}`);
  return new ResticError(
    scrub(`restic ${run.command} failed (exit ${run.code}): ${lastErrorLine(run.stderr)}`, target),
    run.code,
    FILE_IN_USE.test(text)
      ? "Another program (the game, a backup or antivirus tool) has that file open: close it and run pull " +
        "again, which finishes this restore"
      : undefined,
  );
}

/**
 * restic's own explanation: the `exit_error` message (restic ≥ 0.18) or else the last non-empty stderr
 * line, reduced to its first line without the `Fatal: ` prefix. When that only counts errors
 * ("There were 3 errors", as `restore` says when the disk is full), the first per-file error comes
 * first, since it says what went wrong ("write …/level.dat: no space left on device").
 */
export function lastErrorLine(stderr: string[]): string {
  for (let i = stderr.length - 1; i >= 0; i--) {
    const exit = parseExitError(stderr[i]);
    if (!exit) continue;
    const summary = firstLine(exit.message);
    const item = /^There (were|was) \d+ errors?$/i.test(summary) ? firstItemError(stderr) : null;
    const count = Number(/\d+/.exec(summary)?.[0] ?? 0);
    return item
      ? `${item}${count > 1 ? ` (and ${count - 1} more error${count > 2 ? "s" : ""})` : ""}`
      : summary;
  }
  const last = [...stderr].reverse().find((l) => l.trim() !== "" && !l.trim().startsWith("{"));
  return last ? firstLine(last) : "no error message";
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/^(Fatal: )+/, "").trim();
}

/** The message of the first `{"message_type":"error", "error":{"message":…}}` line, or null. */
function firstItemError(stderr: string[]): string | null {
  for (const line of stderr) {
    if (!line.startsWith("{")) continue;
    try {
      const e = JSON.parse(line);
      if (e?.message_type === "error" && typeof e.error?.message === "string") {
        return firstLine(e.error.message);
      }
    } catch {
      // not JSON
    }
  }
  return null;
}
