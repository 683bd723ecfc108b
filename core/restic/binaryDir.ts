/**
 * Where a downloaded restic lives, and the checks that make it safe to run (docs/hostile-input.md). Never a
 * pack folder (a snapshot restored there, or a shared instance folder, could put a file in its place)
 * and never a temp folder (another user can plant one in a shared `$TMPDIR`): the user's own cache
 * folder, created 0700, and refused when another user owns it or others can write to it.
 */
import { posix, win32 } from "../fs/path.ts";
import { ResticUnavailableError } from "../errors.ts";

/**
 * The folder for downloaded restic binaries: `$INSTANCE_SYNC_CACHE_DIR/bin`, else the OS cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`) + `instance-sync/bin`; null
 * when the environment names no home (then nothing is downloaded or cached).
 */
export function resticBinaryDir(env: Record<string, string | undefined>, os = Deno.build.os): string | null {
  if (env.INSTANCE_SYNC_CACHE_DIR) {
    return (os === "windows" ? win32 : posix).join(env.INSTANCE_SYNC_CACHE_DIR, "bin");
  }
  if (os === "windows") {
    const base = env.LOCALAPPDATA ??
      (env.USERPROFILE ? win32.join(env.USERPROFILE, "AppData", "Local") : null);
    return base ? win32.join(base, "instance-sync", "cache", "bin") : null;
  }
  if (os === "darwin") {
    return env.HOME ? posix.join(env.HOME, "Library", "Caches", "instance-sync", "bin") : null;
  }
  const base = env.XDG_CACHE_HOME || (env.HOME ? posix.join(env.HOME, ".cache") : null);
  return base ? posix.join(base, "instance-sync", "bin") : null;
}

/** Why `info` (a folder or file) must not hold or be a binary we run; null when it is fine. */
export function unsafeOwnership(info: Deno.FileInfo, what: string, uid = Deno.uid()): string | null {
  // Windows reports no uid or mode: %LOCALAPPDATA% is the user's own by its ACL.
  if (uid === null || info.uid === null || info.mode === null) return null;
  if (info.uid !== uid) return `${what} belongs to another user (uid ${info.uid})`;
  if ((info.mode & 0o022) !== 0) {
    return `${what} can be written by other users (mode ${(info.mode & 0o777).toString(8)})`;
  }
  return null;
}

/**
 * Makes sure `dir` exists as the user's own private folder (created 0700) and returns it. A folder
 * that another user owns, or that others can write to, is refused rather than repaired: a binary may
 * already have been put there.
 */
export async function ensurePrivateDir(dir: string): Promise<string> {
  let info = await Deno.lstat(dir).catch(() => null);
  if (!info) {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    if (Deno.build.os !== "windows") await Deno.chmod(dir, 0o700); // the umask may have removed bits only
    info = await Deno.lstat(dir);
  }
  if (!info.isDirectory) {
    throw new ResticUnavailableError(`Cannot keep restic in "${dir}": it is not a folder`);
  }
  const why = unsafeOwnership(info, `"${dir}"`);
  if (why) {
    throw new ResticUnavailableError(
      `Refusing to keep or run restic in "${dir}": ${why}`,
      `Delete the folder (a new private one is made), or pass --restic-binary=PATH`,
    );
  }
  return dir;
}
