/**
 * "Does this computer already hold the cloud's files?", asked at a first sync (no base): a player who
 * launched the pack once before joining has an `options.txt` byte for byte the cloud's, and that is no
 * conflict. Equal content decides, never equal mtimes: sizes first (free), then each local file is
 * hashed against the chunk ids the snapshot records (in-process: nothing is downloaded), or, where the
 * in-process reader cannot answer, compared with the snapshot's bytes that restic restores into a
 * temp folder.
 */
import { join } from "../fs/path.ts";
import { sha256Hex } from "../repo/hash.ts";
import type { FileChunks } from "../repo/tree.ts";
import type { Instance } from "./instance.ts";
import type { Manifest } from "./state.ts";
import { literalPattern } from "./worldRestoreSteps.ts";

/**
 * The local files that keep snapshot `id` (whose files are `cloud`) from being taken as this
 * computer's base: files it lacks or holds with another size (all of them), or with other content
 * (the first `limit`). Empty when every local file is in the snapshot byte for byte.
 */
export async function filesUnlikeSnapshot(
  inst: Instance,
  id: string,
  local: Manifest,
  cloud: Manifest,
  limit = 3,
): Promise<string[]> {
  const paths = Object.keys(local).sort();
  const cheap = paths.filter((p) => !(p in cloud) || cloud[p][0] !== local[p][0]);
  if (cheap.length > 0 || paths.length === 0) return cheap;
  const recorded = await inst.snapshotFileChunks(id, paths);
  if (recorded) {
    return await firstUnlike(
      paths,
      limit,
      (p) => holdsChunks(join(inst.packFolder, p), recorded.get(p) ?? null),
    );
  }
  // The snapshot's copy of the files' top-level folders, restored by restic in one run (folders
  // rather than files keep the command line short), then compared byte for byte.
  const tmp = await Deno.makeTempDir({ prefix: "instance-sync-compare-" });
  try {
    const roots = [...new Set(paths.map((p) => p.split("/")[0]))];
    await (await inst.getRestic()).restore(id, { target: tmp, include: roots.map(literalPattern) });
    return await firstUnlike(paths, limit, (p) => sameBytes(join(inst.packFolder, p), join(tmp, p)));
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

async function firstUnlike(paths: string[], limit: number, same: (p: string) => Promise<boolean>) {
  const unlike: string[] = [];
  for (const p of paths) {
    if (!(await same(p)) && unlike.push(p) >= limit) break;
  }
  return unlike;
}

/** Whether the file at `file` is exactly the recorded chunks: each one's SHA-256 is its id, then the end. */
async function holdsChunks(file: string, recorded: FileChunks | null): Promise<boolean> {
  if (!recorded) return false;
  // Gone or unreadable since the scan: not provably the same, so the first-sync question decides.
  const f = await Deno.open(file, { read: true }).catch(() => null);
  if (!f) return false;
  try {
    return await readsAs(f, recorded);
  } catch {
    return false;
  } finally {
    f.close();
  }
}

async function readsAs(f: Deno.FsFile, recorded: FileChunks): Promise<boolean> {
  for (const chunk of recorded.chunks) {
    const bytes = new Uint8Array(chunk.length);
    if (!(await readFull(f, bytes)) || (await sha256Hex(bytes)) !== chunk.id) return false;
  }
  return (await f.read(new Uint8Array(1))) === null; // grown since the scan: not the same file
}

async function readFull(f: Deno.FsFile, into: Uint8Array): Promise<boolean> {
  for (let at = 0; at < into.length;) {
    const n = await f.read(into.subarray(at));
    if (n === null) return false;
    at += n;
  }
  return true;
}

/** Whether two files hold the same bytes; a file that cannot be read is not provably the same. */
async function sameBytes(mine: string, theirs: string): Promise<boolean> {
  const read = (p: string) => Deno.readFile(p).catch(() => null);
  const [a, b] = await Promise.all([read(mine), read(theirs)]);
  return a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}
