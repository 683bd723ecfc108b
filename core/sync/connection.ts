import { ulid } from "ulid";
import type { Token } from "../config/token.ts";
import { AuthError, OfflineError, ServerError, SyncError } from "../errors.ts";
import { listSnapshotIds } from "../restic/listing.ts";
import { repoTarget } from "../restic/repo.ts";

/**
 * The outcome of trying credentials against a server, as the setup wizard shows it. A server that
 * answers 5xx/429 is `{ error, serverDown: true }`: the message names the status, and like "offline"
 * it does not stop a setup without a terminal.
 */
export type ConnectionCheck = "ok" | "auth" | "offline" | { error: string; serverDown?: boolean };

/**
 * Tries `token` against `url` without creating anything: lists the snapshots of an instance id that
 * cannot exist yet. A rest-server answers 404 for good credentials and 401 for bad ones; a local
 * folder only needs to be creatable.
 */
export async function checkConnection(
  url: string,
  token: Token,
  timeoutMs = 10_000,
): Promise<ConnectionCheck> {
  try {
    const target = repoTarget(url, token, ulid());
    if (target.kind === "local") {
      await Deno.mkdir(target.localPath!, { recursive: true });
      await Deno.remove(target.localPath!);
      return "ok";
    }
    if (target.kind !== "rest") return "ok"; // sftp:, s3: …: restic checks on first use
    await listSnapshotIds(target, () => Promise.resolve([]), { timeoutMs });
    return "ok";
  } catch (e) {
    if (e instanceof AuthError) return "auth";
    if (e instanceof ServerError) return { error: e.message, serverDown: true };
    if (e instanceof OfflineError) return "offline";
    if (e instanceof SyncError) return { error: e.message };
    return { error: (e as Error).message };
  }
}
