/**
 * Size limits on what a repository hands the in-process reader (docs/hostile-input.md): a hostile server
 * could otherwise answer an endless listing or a gigabyte "snapshot" and take a hook to gigabytes of
 * memory. Each limit is far above what restic writes; passing one is an `RepoLimitError`, which is
 * an IntegrityError: refused, and never handed on to restic instead.
 */
import { IntegrityError } from "./errors.ts";
import {
  describeBytes,
  MAX_LISTING_BYTES,
  MAX_LISTING_ENTRIES,
  readLimited as readBody,
} from "../restic/bodyLimit.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Per repository file type. restic writes a config of ~200 bytes, key files of ~450 bytes, snapshots
 * of a few KB (more with many paths or tags), index files of a few MB (restic starts a new one after
 * 50,000 blobs).
 */
export const FILE_LIMITS: Readonly<Record<string, number>> = {
  config: 64 * KiB,
  keys: 64 * KiB,
  locks: 64 * KiB,
  snapshots: 16 * MiB,
  index: 128 * MiB,
};

/** One blob read from a pack: restic's chunks are at most 8 MiB; a tree of a huge folder a few MB. */
export const MAX_BLOB_BYTES = 64 * MiB;
/** Where a blob may end in its pack: restic's `--pack-size` goes up to 128 MiB. */
export const MAX_PACK_BYTES = 512 * MiB;
export { MAX_LISTING_BYTES, MAX_LISTING_ENTRIES };

/** A repository file or listing larger than any restic writes. */
export class RepoLimitError extends IntegrityError {}

/** The limit for a repository path (`snapshots/<id>`, `config`); the largest one for other paths. */
export function fileLimit(path: string): number {
  return FILE_LIMITS[path.split("/")[0]] ?? FILE_LIMITS.index;
}

/** A response body, read until `limit` bytes and no further (a larger one is a RepoLimitError). */
export function readLimited(res: Response, limit: number, what: string): Promise<Uint8Array> {
  return readBody(
    res,
    limit,
    () => new RepoLimitError(`${what} is larger than ${describe(limit)}; refusing to read it`),
  );
}

/** Refuses a listing with more entries than any repository has. */
export function checkEntries(count: number, what: string): void {
  if (count > MAX_LISTING_ENTRIES) {
    throw new RepoLimitError(`${what} holds more than ${MAX_LISTING_ENTRIES} entries; refusing it`);
  }
}

export const describe = describeBytes;
