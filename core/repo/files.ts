/**
 * Raw repository files for the in-process reader: one GET each from a rest-server (through the same
 * request helper as the listing, so HTTP statuses map to OfflineError / AuthError in one place), or a
 * file read from a local repository. Other backends (sftp:, s3:, …) are restic's alone.
 */
import { join } from "node:path";
import { InterruptedError, ResticError } from "../errors.ts";
import { type ListingOptions, restRequest } from "../restic/listing.ts";
import type { RepoTarget } from "../restic/repo.ts";

export interface RepoFiles {
  /** File names in a folder of the repository (`keys`); [] when the folder does not exist. */
  list(dir: "keys"): Promise<string[]>;
  /** A file's bytes (`config`, `keys/<id>`, `snapshots/<id>`); null when it does not exist. */
  get(path: string): Promise<Uint8Array | null>;
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
      const raw = await res.json().catch(() => null);
      if (!Array.isArray(raw)) {
        throw new ResticError(`The ${dir} listing of "${target.display}" has an unknown shape`, null);
      }
      return raw.map((e) => typeof e === "string" ? e : String(e?.name ?? ""));
    },
    async get(path) {
      const res = await restRequest(target, path, "GET", opts);
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      try {
        return new Uint8Array(await res.arrayBuffer());
      } catch (e) {
        if (opts.signal?.aborted) throw new InterruptedError();
        throw new ResticError(
          `Reading "${path}" from "${target.display}" failed: ${(e as Error).message}`,
          null,
        );
      }
    },
  };
}

function localFiles(root: string, opts: ListingOptions): RepoFiles {
  return {
    async list(dir) {
      const names: string[] = [];
      try {
        for await (const e of Deno.readDir(join(root, dir))) if (e.isFile) names.push(e.name);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return [];
        throw e;
      }
      return names;
    },
    async get(path) {
      if (opts.signal?.aborted) throw new InterruptedError();
      try {
        return await Deno.readFile(join(root, path));
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return null;
        throw e;
      }
    },
  };
}
