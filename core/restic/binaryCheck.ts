/**
 * The check a cached restic passes before every run (docs/hostile-input.md): it sits in the user's private
 * folder (binaryDir.ts), is a regular file of this user that others cannot write, and its bytes still
 * hash to what the download recorded after checking the archive against the pinned checksum.
 *
 * Hashing 25–40 MB costs 0.1–1 s, so a successful check is remembered by the file's stat key (device,
 * inode, size, mtime and ctime): no user can set a ctime, and only this user can write the folder.
 */
import { join } from "../fs/path.ts";
import { writeFileAtomic } from "../fs/atomic.ts";
import { unsafeOwnership } from "./binaryDir.ts";

interface BinaryRecord {
  sha256: string;
  checked?: string;
}

/** `restic-<version>.json` beside the binary. */
export function binaryRecordPath(dir: string, version: string): string {
  return join(dir, `restic-${version}.json`);
}

function statKey(info: Deno.FileInfo): string {
  return [info.dev, info.ino, info.size, info.mtime?.getTime(), info.ctime?.getTime()].join("|");
}

/** Records a freshly downloaded binary's SHA-256 (and that it was just checked). */
export async function recordBinary(
  dir: string,
  version: string,
  path: string,
  sha256: string,
): Promise<void> {
  const record: BinaryRecord = { sha256, checked: statKey(await Deno.lstat(path)) };
  await writeFileAtomic(binaryRecordPath(dir, version), JSON.stringify(record), 0o600);
}

/**
 * Null when the cached binary at `path` may run; else why not (the caller says so and looks further:
 * a new download replaces it).
 */
export async function cachedBinaryProblem(
  dir: string,
  version: string,
  path: string,
): Promise<string | null> {
  const folder = await Deno.lstat(dir);
  const folderWhy = unsafeOwnership(folder, "its folder");
  if (folderWhy) return folderWhy;
  const info = await Deno.lstat(path);
  if (!info.isFile) return "it is not a regular file";
  const fileWhy = unsafeOwnership(info, "it");
  if (fileWhy) return fileWhy;
  let record: BinaryRecord;
  try {
    const parsed = JSON.parse(await Deno.readTextFile(binaryRecordPath(dir, version)));
    if (typeof parsed?.sha256 !== "string") throw new Error("no sha256");
    record = parsed;
  } catch {
    return "no checksum was recorded when it was downloaded";
  }
  const key = statKey(info);
  if (record.checked === key) return null;
  const bytes = await Deno.readFile(path);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const actual = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (actual !== record.sha256) return "its bytes no longer match the checksum recorded at download";
  await writeFileAtomic(binaryRecordPath(dir, version), JSON.stringify({ ...record, checked: key }), 0o600)
    .catch(() => {});
  return null;
}
