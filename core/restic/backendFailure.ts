/**
 * Failures of the programs restic starts for a location (docs/contract.md#repository-addressing-and-secrets): `rclone serve restic` for `rclone:`
 * and `ssh` for `sftp:`. restic reports them in its own generic words ("unable to open repository"),
 * so this reads what the helper said on stderr and names the cause and the fix.
 */
import { AuthError, BackendToolMissingError, OfflineError, ResticError, type SyncError } from "../errors.ts";
import { networkErrorReason } from "./networkError.ts";

/** Where to get each helper program, for the message when it is missing. */
const INSTALL: Record<string, string> = {
  rclone: "Install rclone (https://rclone.org/install/) so that `rclone` is on PATH",
  ssh: "Install an OpenSSH client so that `ssh` is on PATH",
};

/** Go's words, plain or inside restic's JSON `exit_error` line (where the quotes are escaped). */
const MISSING_TOOL = /exec: \\?"([^"\\]+)\\?": executable file not found/;
const UNKNOWN_REMOTE =
  /Failed to create file system for "([^":]*):[^"]*": didn't find section in config file/;
/** rclone could not open the remote because the drive refused its login (an expired token, a wrong password). */
const RCLONE_REFUSED =
  /Failed to create file system for "([^":]*):[^"]*":.*\b(401|403|Unauthorized|Forbidden|invalid_grant)\b/;
const SSH_REFUSED =
  /Permission denied \((publickey|password|keyboard-interactive)[^)]*\)|Host key verification failed/;

/** restic's words when `ssh` ended before the SFTP session started (host down, refused, unreachable). */
const SFTP_NO_SESSION = /unable to start the sftp session/;

/** A typed error for a helper program's failure in `stderr` (restic's lines), or null. */
export function backendFailure(stderr: string, where: string): SyncError | null {
  const missing = MISSING_TOOL.exec(stderr)?.[1];
  if (missing) {
    const tool = missing.replace(/^.*[\\/]/, "").replace(/\.exe$/i, "");
    return new BackendToolMissingError(
      `Cannot reach "${where}": it needs ${tool}, which is not installed (not found on PATH)`,
      INSTALL[tool],
    );
  }
  const remote = UNKNOWN_REMOTE.exec(stderr)?.[1];
  if (remote !== undefined) {
    return new ResticError(
      `Cannot reach "${where}": rclone has no remote named "${remote}"`,
      1,
      "`rclone listremotes` lists the remotes rclone knows; `rclone config` adds one (a launcher hook " +
        "must see the same rclone configuration as your terminal)",
    );
  }
  const login = RCLONE_REFUSED.exec(stderr)?.[1];
  if (login !== undefined) {
    return new AuthError(
      `Authentication failed: the cloud drive refused rclone's login for "${where}"`,
      `Log in again with \`rclone config reconnect ${login}:\` (or fix the remote with \`rclone config\`)`,
    );
  }
  const ssh = SSH_REFUSED.exec(stderr)?.[0];
  if (ssh) {
    return new AuthError(
      `Authentication failed: the SFTP server of "${where}" refused this computer's SSH login (${ssh})`,
      "`ssh <host>` must log in without a password prompt: use an SSH key (ssh-agent or ~/.ssh/config)",
    );
  }
  if (SFTP_NO_SESSION.test(stderr)) {
    // ssh's own reason ("Connection refused") comes on a line restic may exit before forwarding.
    const reason = networkErrorReason(stderr) ?? "the SSH connection failed";
    return new OfflineError(`Cannot reach "${where}": ${reason}`);
  }
  return null;
}
