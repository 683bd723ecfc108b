/**
 * One blob out of a pack file: `data/<first two hex>/<pack id>` [offset, offset + length) is sealed
 * like any restic file; with an `uncompressed_length` in the index the plaintext is a raw zstd frame.
 * The blob's id is the SHA-256 of its (decompressed) plaintext and is checked: a blob that fails
 * authentication or does not match its id is an IntegrityError, never skipped (after asking the
 * repository itself when the bytes came from restic's local cache).
 */
import { decompress } from "fzstd";
import { openSealed } from "./crypto.ts";
import { IntegrityError } from "./errors.ts";
import type { RepoFiles } from "./files.ts";
import { sha256Hex } from "./hash.ts";
import type { BlobType, RepoIndex } from "./index.ts";
import type { OpenRepository } from "./masterKey.ts";

/** A blob the index does not know (a prune or a push ran meanwhile): restic answers instead. */
export class MissingBlobError extends Error {}

export async function readBlob(
  files: RepoFiles,
  repo: OpenRepository,
  index: RepoIndex,
  type: BlobType,
  id: string,
): Promise<Uint8Array> {
  try {
    return await readBlobFrom(files, repo, index, type, id);
  } catch (e) {
    // A local copy of the pack (restic's cache) that fails a check: the repository's own copy decides.
    if (!(e instanceof IntegrityError) || !files.origin) throw e;
    return await readBlobFrom(files.origin, repo, index, type, id);
  }
}

async function readBlobFrom(
  files: RepoFiles,
  repo: OpenRepository,
  index: RepoIndex,
  type: BlobType,
  id: string,
): Promise<Uint8Array> {
  let at = index.lookup(type, id);
  // Written after the index was read (this run pushed): read the new index files once.
  if (!at && await index.refresh() > 0) at = index.lookup(type, id);
  if (!at) throw new MissingBlobError(`the index has no ${type} blob ${id.slice(0, 8)}`);
  const what = `The ${type} blob ${id.slice(0, 8)} (pack ${at.pack.slice(0, 8)})`;
  const sealed = await files.readPack(at.pack, at.offset, at.length);
  if (!sealed) throw new MissingBlobError(`pack ${at.pack.slice(0, 8)} has gone`);
  if (sealed.length !== at.length) throw new IntegrityError(`${what} is cut short`);
  let plain = await openSealed(repo.key, sealed, what);
  if (at.uncompressedLength !== undefined) {
    try {
      plain = decompress(plain);
    } catch (e) {
      throw new IntegrityError(`${what} does not decompress: ${(e as Error).message}`);
    }
  }
  const hash = await sha256Hex(plain);
  if (hash !== id) {
    throw new IntegrityError(`${what} does not match its id (its SHA-256 is ${hash.slice(0, 8)})`);
  }
  return plain;
}
