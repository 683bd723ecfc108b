/**
 * restic's own local cache, read before the server. Every restic run against a repository keeps a copy of
 * its snapshot files, its index files and its tree packs (packs holding only tree blobs) in
 * `<cache>/<repository id>/{snapshots,index,data}/<first two hex>/<name>`, stored exactly as in the
 * repository (sealed). Reading them there turns `history`'s and the conflict description's many small
 * requests (one HTTP Range request per tree blob) into local reads, which matters most on a distant
 * server.
 *
 * Nothing read here is trusted more than the server's copy: names are content hashes, so an unpacked
 * file is used only when its SHA-256 matches its name, and a blob read from a cached pack is
 * authenticated and checked against its id by the caller (core/repo/blobs.ts), which asks `origin` again
 * when that fails. A missing, unreadable or damaged cache file costs one request, never an answer.
 */
import { join, posix, win32 } from "../fs/path.ts";
import { readFileRange, type RepoFiles } from "./files.ts";
import { HEX64, sha256Hex } from "./hash.ts";

/**
 * The folder restic caches in for this environment: `$RESTIC_CACHE_DIR`, else the OS cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`) + `restic`, as restic itself
 * chooses; null when the environment names no home.
 */
export function resticCacheDir(env: Record<string, string | undefined>, os = Deno.build.os): string | null {
  if (env.RESTIC_CACHE_DIR) return env.RESTIC_CACHE_DIR;
  if (os === "windows") return env.LOCALAPPDATA ? win32.join(env.LOCALAPPDATA, "restic") : null;
  if (os === "darwin") return env.HOME ? posix.join(env.HOME, "Library", "Caches", "restic") : null;
  const base = env.XDG_CACHE_HOME || (env.HOME ? posix.join(env.HOME, ".cache") : null);
  return base ? posix.join(base, "restic") : null;
}

/** Files read through the cache: what restic cached for repository `repositoryId`, else `origin`'s. */
export function withResticCache(origin: RepoFiles, cacheRoot: string, repositoryId: string): RepoFiles {
  const base = join(cacheRoot, repositoryId);
  const pathOf = (dir: string, name: string) => join(base, dir, name.slice(0, 2), name);
  return {
    origin,
    list: (dir) => origin.list(dir),
    create: (path, bytes) => origin.create(path, bytes),
    async get(path) {
      const [dir, name] = path.split("/");
      if ((dir === "snapshots" || dir === "index") && HEX64.test(name ?? "")) {
        const cached = await Deno.readFile(pathOf(dir, name)).catch(() => null);
        if (cached && await sha256Hex(cached) === name) return cached;
      }
      return await origin.get(path);
    },
    async readPack(id, offset, length) {
      if (HEX64.test(id)) {
        const cached = await readFileRange(pathOf("data", id), offset, length).catch(() => null);
        if (cached && cached.length === length) return cached;
      }
      return await origin.readPack(id, offset, length);
    },
  };
}
