/**
 * The repository's `locks/` folder, in-process: list, read, create and delete lock files on a
 * rest-server (an append-only one allows deleting locks and nothing else) or in a local folder.
 * Other locations (sftp:, rclone:, …) have no in-process writer: presence skips them.
 */
import { join } from "../fs/path.ts";
import { writeFileAtomic } from "../fs/atomic.ts";
import { ResticError } from "../errors.ts";
import { type ListingOptions, listLockIds, restRequest } from "../restic/listing.ts";
import type { RepoTarget } from "../restic/repo.ts";

/** Presence never waits long: a launch must not hang on a record (the listing already answered). */
export const PRESENCE_TIMEOUT_MS = 5000;

/** True when this location has an in-process reader and writer for lock files. */
export function speaksLocks(target: RepoTarget): boolean {
  return target.kind === "rest" || target.kind === "local";
}

/** Lock file names (sorted); [] for a location presence does not speak. */
export async function listLocks(target: RepoTarget, opts: ListingOptions): Promise<string[]> {
  return (await listLockIds(target, { timeoutMs: PRESENCE_TIMEOUT_MS, ...opts })) ?? [];
}

/** A lock file's bytes; null when it is gone (released meanwhile). */
export async function readLock(
  target: RepoTarget,
  id: string,
  opts: ListingOptions,
): Promise<Uint8Array | null> {
  if (target.kind === "rest") {
    const res = await restRequest(target, `locks/${id}`, "GET", { timeoutMs: PRESENCE_TIMEOUT_MS, ...opts });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    return new Uint8Array(await res.arrayBuffer());
  }
  try {
    return await Deno.readFile(join(target.localPath!, "locks", id));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** Stores lock file `id` (a POST, or a file written beside its name and renamed, read-only as restic does). */
export async function createLock(
  target: RepoTarget,
  id: string,
  bytes: Uint8Array,
  opts: ListingOptions,
): Promise<void> {
  if (target.kind === "rest") {
    const res = await restRequest(
      target,
      `locks/${id}`,
      "POST",
      { timeoutMs: PRESENCE_TIMEOUT_MS, ...opts },
      {
        "Content-Type": "application/octet-stream",
      },
      bytes,
    );
    await res.body?.cancel();
    if (res.status === 404) {
      throw new ResticError(`"${target.display}" refused to store a lock file (HTTP 404)`, null);
    }
    return;
  }
  const dir = join(target.localPath!, "locks");
  await Deno.stat(dir); // no locks/ folder: not a repository (restic init makes it); never create one
  await writeFileAtomic(join(dir, id), bytes, 0o400);
}

/** Deletes lock file `id`; a file already gone is fine. */
export async function removeLock(target: RepoTarget, id: string, opts: ListingOptions): Promise<void> {
  if (target.kind === "rest") {
    const res = await restRequest(target, `locks/${id}`, "DELETE", {
      timeoutMs: PRESENCE_TIMEOUT_MS,
      ...opts,
    });
    await res.body?.cancel();
    return;
  }
  const path = join(target.localPath!, "locks", id);
  // Read-only, as restic leaves its files: Windows refuses to delete those until they are writable.
  await Deno.chmod(path, 0o600).catch(() => {});
  await Deno.remove(path).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
}

/** The repository's sealed `config` (what a cached key must authenticate); null when it is missing. */
export async function readConfig(target: RepoTarget, opts: ListingOptions): Promise<Uint8Array | null> {
  if (target.kind === "rest") {
    const res = await restRequest(target, "config", "GET", { timeoutMs: PRESENCE_TIMEOUT_MS, ...opts });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    return new Uint8Array(await res.arrayBuffer());
  }
  try {
    return await Deno.readFile(join(target.localPath!, "config"));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}
