import { dirname, join } from "./path.ts";
import { ConfigError, IoError } from "../errors.ts";

/**
 * Writes a file atomically: a temp file in the same folder, fsync, then rename over the target, so a
 * reader (or a run killed mid-write) sees either the old or the new content, never a torn file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const tmp = join(dirname(path), `.${crypto.randomUUID().slice(0, 8)}.tmp`);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(tmp, { write: true, createNew: true, mode });
  } catch (e) {
    throw writeError(path, e);
  }
  try {
    try {
      let off = 0;
      while (off < bytes.length) off += await file.write(bytes.subarray(off));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(tmp, path);
  } catch (e) {
    // A full disk fails the write: the half-written temp file must not stay and hold the space.
    await Deno.remove(tmp).catch(() => {});
    throw writeError(path, e);
  }
}

/**
 * A failed write as an `IoError` (exit 1) that names the file, so a full disk reads as
 * `Cannot write ".../state.json": No space left on device (os error 28)`, not as an unexpected error.
 */
export function writeError(path: string, e: unknown): unknown {
  if (!(e instanceof Error) || e.name === "IoError") return e;
  return new IoError(`Cannot write "${path}": ${e.message.replace(/:\s*[a-z]+ '.*'$/, "")}`);
}

/** True when `path` exists (any type, symlinks not followed). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Reads a text file, or returns null when it does not exist. */
export async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** Config files are small: anything bigger is a mistake (or `/dev/zero` behind a symlink). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a config file as text, or returns null when it does not exist. Refuses, with a ConfigError
 * (exit 2) that names the file, a folder, anything that is not a regular file (a FIFO or a device
 * would block or never end), a file larger than `maxBytes`, and a file that cannot be read — so a bad
 * file never hangs a launcher hook or surfaces as an unexpected error.
 */
export async function readConfigText(path: string, maxBytes = MAX_CONFIG_BYTES): Promise<string | null> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new ConfigError(path, `Cannot read "${path}": ${osReason(e)}`);
  }
  if (info.isDirectory) throw new ConfigError(path, `Cannot read "${path}": it is a folder, not a file`);
  if (!info.isFile) throw new ConfigError(path, `Cannot read "${path}": it is not a regular file`);
  if (info.size > maxBytes) {
    throw new ConfigError(
      path,
      `Cannot read "${path}": it is ${megabytes(info.size)}, more than the ${
        megabytes(maxBytes)
      } a config file may have`,
    );
  }
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw new ConfigError(path, `Cannot read "${path}": ${osReason(e)}`);
  }
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;
}

/** "Permission denied (os error 13)" without Deno's trailing `: open '/path'`. */
function osReason(e: unknown): string {
  return String((e as Error)?.message ?? e).replace(/:\s*[a-z]+ '.*'$/, "");
}
