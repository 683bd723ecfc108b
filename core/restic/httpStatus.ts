/**
 * What an HTTP status from the repository's server means for a sync, in one place: the cheap listing
 * (listing.ts), the in-process snapshot reader and restic's own failures all map statuses here, so a
 * 502 means the same thing whoever met it.
 *
 * - 2xx, 404: not an error here (`null`); on pull a missing repository means nothing was uploaded yet.
 * - 401, 403: the server refused the token → AuthError (exit 5).
 * - 429 and 5xx: the server is broken, restarting or busy → ServerError, an OfflineError, so the
 *   offline policy applies (play on with this computer's files; exit 1 only with `--offline=abort`).
 * - any other status: a failure (ResticError, exit 1) that names it.
 */
import { AuthError, ResticError, ServerError, type SyncError } from "../errors.ts";

/** Why a server answers like this, in words a player can act on. */
const MEANINGS: Record<number, string> = {
  429: "it is busy and asks to slow down (too many requests)",
  500: "it has an internal error",
  502: "it is down or restarting",
  503: "it is down or restarting",
  504: "it is down or restarting (its proxy got no answer)",
  507: "it has run out of storage",
};

/** True for the statuses that follow the offline policy (5xx, 429). */
export function isServerTrouble(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * The typed error for an HTTP `status` from `server` (the url as the player wrote it), or null for
 * 2xx and 404. `detail` (technical: the request, the repository) is kept for `INSTANCE_SYNC_DEBUG`.
 *
 * @example
 * errorForHttpStatus(502, "https://sync.example.org")?.message
 * // 'The server "https://sync.example.org" answered 502 (Bad Gateway): it is down or restarting'
 */
export function errorForHttpStatus(status: number, server: string, detail?: string): SyncError | null {
  if ((status >= 200 && status <= 299) || status === 404) return null;
  const answered = `The server "${server}" answered ${status}${statusName(status)}`;
  let error: SyncError;
  if (status === 401 || status === 403) {
    error = new AuthError(
      `Authentication failed: the server "${server}" refused the token (HTTP ${status})`,
      "Check the token (id:password) of this instance",
    );
  } else if (isServerTrouble(status)) {
    const meaning = MEANINGS[status] ?? "it has a problem of its own";
    error = new ServerError(`${answered}: ${meaning}`, status);
  } else {
    error = new ResticError(`${answered}, which instance-sync did not expect`, null);
  }
  if (detail) error.detail = detail;
  return error;
}

/**
 * The HTTP status in a line restic prints for a failed request to a rest-server
 * (`Load(<data/…>) returned error, retrying after 1.2s: unexpected HTTP response (502): 502 Bad
 * Gateway`), or null for any other line.
 */
export function httpStatusInResticLine(line: string): number | null {
  const m = /unexpected HTTP response \((\d{3})\)/.exec(line);
  return m ? Number(m[1]) : null;
}

const NAMES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  507: "Insufficient Storage",
};

function statusName(status: number): string {
  return NAMES[status] ? ` (${NAMES[status]})` : "";
}
