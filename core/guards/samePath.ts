/**
 * Whether two folder paths name the same folder, compared as the OS's file system does: NTFS and
 * APFS/HFS+ (by default) ignore case, Linux file systems do not. Windows paths may come as `C:\…`,
 * `c:/…`, `\\?\C:\…` (what resolving links returns) or UNC (`\\server\share\…`, `\\?\UNC\server\…`).
 * Links are resolved by the caller (`Deno.realPath`) first; this compares the text.
 * Ignoring case on a case-sensitive macOS volume can only over-detect a running game, which refuses a
 * sync rather than risking a world: the safe side.
 */
import { posix, win32 } from "../fs/path.ts";

/** True where the usual file system ignores case. */
export function caseInsensitiveFs(os: typeof Deno.build.os): boolean {
  return os === "windows" || os === "darwin";
}

/** A form of `path` that is equal for equal folders on `os`. */
export function comparablePath(path: string, os: typeof Deno.build.os): string {
  let p = path;
  if (os === "windows") {
    p = p.replace(/^\\\\\?\\UNC\\/i, "\\\\").replace(/^\\\\\?\\/, "");
    p = win32.normalize(p.replaceAll("/", "\\"));
    if (p.length > 3 && p.endsWith("\\")) p = p.slice(0, -1);
  } else {
    p = posix.normalize(p);
    if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  }
  return caseInsensitiveFs(os) ? p.toLowerCase() : p;
}

/** Whether `a` and `b` name the same folder on `os` (after the caller resolved links). */
export function samePath(a: string, b: string, os: typeof Deno.build.os): boolean {
  return comparablePath(a, os) === comparablePath(b, os);
}
