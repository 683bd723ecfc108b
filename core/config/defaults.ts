import { posix, win32 } from "../fs/path.ts";

/** The server the setup wizard suggests. */
export const DEFAULT_SERVER_URL = "https://cloud.tm.center";

/**
 * The embedded default repository location when `init` gets no `--url`: a local folder in the
 * user's data directory (no server needed). Point several computers at a shared or synced folder to
 * sync through it, or use a rest-server url.
 */
export function defaultLocalRepositoryRoot(
  env: Record<string, string | undefined>,
  os = Deno.build.os,
): string {
  if (env.INSTANCE_SYNC_DEFAULT_REPO) return env.INSTANCE_SYNC_DEFAULT_REPO;
  // The path syntax follows the target OS, so the logic can be tested for both forms anywhere.
  const join = os === "windows" ? win32.join : posix.join;
  if (os === "windows") {
    const base = env.LOCALAPPDATA ?? join(env.USERPROFILE ?? "C:\\", "AppData", "Local");
    return join(base, "instance-sync", "repositories");
  }
  const home = env.HOME ?? "/tmp";
  if (os === "darwin") return join(home, "Library", "Application Support", "instance-sync", "repositories");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "instance-sync", "repositories");
}
