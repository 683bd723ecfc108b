/**
 * Raw repository files for the in-process reader: one GET each from a rest-server (through the same
 * request helper as the listing, so HTTP statuses map to OfflineError / AuthError in one place), or a
 * file read from a local repository. Other backends (sftp:, s3:, …) are restic's alone.
 */
import { join } from "../fs/path.ts";
import { exists, writeFileAtomic } from "../fs/atomic.ts";
import { InterruptedError, ResticError } from "../errors.ts";
import { type ListingOptions, restRequest } from "../restic/listing.ts";
import type { RepoTarget } from "../restic/repo.ts";
import { readPrefix } from "../restic/bodyLimit.ts";
import {
  checkEntries,
  describe,
  fileLimit,
  MAX_BLOB_BYTES,
  MAX_LISTING_BYTES,
  MAX_PACK_BYTES,
  readLimited,
  RepoLimitError,
} from "./limits.ts";

export interface RepoFiles {
  /** File names in a folder of the repository (`keys`, `index`); [] when the folder does not exist. */
  list(dir: "keys" | "index"): Promise<string[]>;
  /** A file's bytes (`config`, `keys/<id>`, `snapshots/<id>`); null when it does not exist. */
  get(path: string): Promise<Uint8Array | null>;
  /**
   * `length` bytes of pack `id` from `offset` (one blob): an HTTP Range request on `data/<id>`, or a
   * positioned read of `data/<first two hex>/<id>`. Null when the pack does not exist; fewer bytes
   * than asked when it is shorter.
   */
  readPack(id: string, offset: number, length: number): Promise<Uint8Array | null>;
  /**
   * Stores a new file (`keys/<id>`, named by the SHA-256 of `bytes`): an HTTP POST, which an
   * append-only rest-server allows, or an atomic write into a local repository. Never replaces a file.
   */
  create(path: string, bytes: Uint8Array): Promise<void>;
  /** Set when reads try a local copy first (core/repo/resticCache.ts): the repository itself. */
  readonly origin?: RepoFiles;
}

/** Thrown for a backend the reader does not speak; the caller falls back to restic. */
export class UnsupportedBackendError extends Error {}

export function repoFiles(target: RepoTarget, opts: ListingOptions = {}): RepoFiles {
  if (target.kind === "rest") return restFiles(target, opts);
  if (target.kind === "local") return localFiles(target.localPath!, opts);
  throw new UnsupportedBackendError(`the in-process reader does not read ${target.kind} repositories`);
}

function restFiles(target: RepoTarget, opts: ListingOptions): RepoFiles {
  return {
    async list(dir) {
      const res = await restRequest(target, `${dir}/`, "GET", opts);
      if (res.status === 404) {
        await res.body?.cancel();
        return [];
      }
      const text = await bodyOf(
        res,
        `${dir}/`,
        MAX_LISTING_BYTES,
        `The ${dir} listing of "${target.display}"`,
      );
      let raw: unknown;
      try {
        raw = JSON.parse(new TextDecoder().decode(text));
      } catch {
        raw = null;
      }
      if (!Array.isArray(raw)) {
        throw new ResticError(`The ${dir} listing of "${target.display}" has an unknown shape`, null);
      }
      checkEntries(raw.length, `The ${dir} listing of "${target.display}"`);
      return raw.map((e) => typeof e === "string" ? e : String(e?.name ?? ""));
    },
    async get(path) {
      const res = await restRequest(target, path, "GET", opts);
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      return await bodyOf(res, path, fileLimit(path), `"${path}" of "${target.display}"`);
    },
    async readPack(id, offset, length) {
      if (length <= 0) return new Uint8Array(0);
      checkBlobRange(offset, length, id);
      const path = `data/${id}`;
      const res = await restRequest(target, path, "GET", opts, {
        Range: `bytes=${offset}-${offset + length - 1}`,
      });
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      // 206: the range itself. A server that ignores Range answers 200 with the whole file: only
      // its start, up to the blob's end, is read.
      if (res.status !== 206) return (await readPrefix(res, offset + length)).slice(offset);
      return await bodyOf(res, path, length, `"${path}" of "${target.display}"`);
    },
    async create(path, bytes) {
      const res = await restRequest(target, path, "POST", opts, {
        "Content-Type": "application/octet-stream",
      }, bytes);
      await res.body?.cancel();
      if (res.status === 404) {
        throw new ResticError(`"${target.display}" refused to store "${path}" (HTTP 404)`, null);
      }
    },
  };

  async function bodyOf(res: Response, path: string, limit: number, what: string): Promise<Uint8Array> {
    try {
      return await readLimited(res, limit, what);
    } catch (e) {
      if (e instanceof RepoLimitError) throw e;
      if (opts.signal?.aborted) throw new InterruptedError();
      throw new ResticError(
        `Reading "${path}" from "${target.display}" failed: ${(e as Error).message}`,
        null,
      );
    }
  }
}

function localFiles(root: string, opts: ListingOptions): RepoFiles {
  return {
    async list(dir) {
      const names: string[] = [];
      try {
        for await (const e of Deno.readDir(join(root, dir))) {
          if (e.isFile) names.push(e.name);
          checkEntries(names.length, `The ${dir} folder of "${root}"`);
        }
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return [];
        throw e;
      }
      return names;
    },
    async get(path) {
      if (opts.signal?.aborted) throw new InterruptedError();
      try {
        const file = join(root, path);
        const limit = fileLimit(path);
        if ((await Deno.stat(file)).size > limit) {
          throw new RepoLimitError(
            `"${path}" of "${root}" is larger than ${describe(limit)}; refusing to read it`,
          );
        }
        return await Deno.readFile(file);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return null;
        throw e;
      }
    },
    async readPack(id, offset, length) {
      if (opts.signal?.aborted) throw new InterruptedError();
      checkBlobRange(offset, length, id);
      return await readFileRange(join(root, "data", id.slice(0, 2), id), offset, length);
    },
    async create(path, bytes) {
      const final = join(root, path);
      if (await exists(final)) return; // named by its content: the same bytes are there already
      // Written beside its final name and renamed, as restic's local backend does: a run killed
      // mid-write leaves a temp file restic ignores (not an id), never a torn key file it would fail on.
      await writeFileAtomic(final, bytes, 0o400);
    },
  };
}

/** A blob's place comes from an index file the server could have forged: bounded before any read. */
function checkBlobRange(offset: number, length: number, pack: string): void {
  if (offset + length > MAX_PACK_BYTES) {
    throw new RepoLimitError(
      `A blob at byte ${offset} of pack ${pack.slice(0, 8)} lies beyond ${
        describe(MAX_PACK_BYTES)
      }; refusing to read it`,
    );
  }
  if (length > MAX_BLOB_BYTES) {
    throw new RepoLimitError(
      `A blob of ${length} bytes in pack ${pack.slice(0, 8)} is larger than ${
        describe(MAX_BLOB_BYTES)
      }; refusing to read it`,
    );
  }
}

/** `length` bytes of the file at `path` from `offset` (fewer when it is shorter); null when it does not exist. */
export async function readFileRange(
  path: string,
  offset: number,
  length: number,
): Promise<Uint8Array | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  try {
    await file.seek(offset, Deno.SeekMode.Start);
    const out = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = await file.read(out.subarray(got));
      if (n === null) break;
      got += n;
    }
    return got === length ? out : out.slice(0, got);
  } finally {
    file.close();
  }
}
