import { posix, win32 } from "../fs/path.ts";
import { ConfigError } from "../errors.ts";
import { readTextOrNull, writeFileAtomic } from "../fs/atomic.ts";
import { isUlid } from "./syncJson.ts";

/** The snapshot tag that names the computer that made a snapshot: `machine=<ULID>`. */
export const MACHINE_TAG = "machine";

/**
 * The user's config folder for instance-sync (docs/contract.md#identity): `$INSTANCE_SYNC_CONFIG_DIR` if set, else
 * `$XDG_CONFIG_HOME/instance-sync` or `~/.config/instance-sync` on Linux,
 * `~/Library/Application Support/instance-sync` on macOS, `%APPDATA%\instance-sync` on Windows.
 * Null when `env` names no home at all (core called without an environment: no identity is kept).
 */
export function userConfigDir(env: Record<string, string | undefined>, os = Deno.build.os): string | null {
  if (env.INSTANCE_SYNC_CONFIG_DIR) return env.INSTANCE_SYNC_CONFIG_DIR;
  if (os === "windows") {
    const base = env.APPDATA ?? (env.USERPROFILE ? win32.join(env.USERPROFILE, "AppData", "Roaming") : null);
    return base ? win32.join(base, "instance-sync") : null;
  }
  if (os === "darwin") {
    return env.HOME ? posix.join(env.HOME, "Library", "Application Support", "instance-sync") : null;
  }
  if (env.XDG_CONFIG_HOME) return posix.join(env.XDG_CONFIG_HOME, "instance-sync");
  return env.HOME ? posix.join(env.HOME, ".config", "instance-sync") : null;
}

/** The file that holds this computer's id, or null when there is no config folder. */
export function machineIdFile(env: Record<string, string | undefined>, os = Deno.build.os): string | null {
  const dir = userConfigDir(env, os);
  return dir === null ? null : (os === "windows" ? win32 : posix).join(dir, "machine-id");
}

/**
 * This computer's id, minted on first use. It lives in the user's config folder, never in a pack
 * folder, so copying an instance to another computer does not copy the identity (the host name
 * cannot tell computers apart: every Steam Deck is "steamdeck"). A folder that cannot be written
 * yields null through `warn`: the caller then decides by host name as before, which only ever keeps
 * more (a fork instead of an adoption). A file with something else than a ULID is a config error.
 */
export async function machineId(
  env: Record<string, string | undefined>,
  warn: (message: string) => void,
): Promise<string | null> {
  const file = machineIdFile(env);
  if (file === null) return null;
  let text: string | null;
  try {
    text = await readTextOrNull(file);
  } catch (e) {
    warn(`Cannot read "${file}": ${(e as Error).message}; telling computers apart by host name`);
    return null;
  }
  if (text !== null) {
    const id = text.trim();
    if (!isUlid(id)) {
      throw new ConfigError(
        file,
        `Cannot use "${file}": it must hold this computer's id (a ULID)`,
        "Delete the file: a new id is made on the next run",
      );
    }
    return id;
  }
  // Loaded only here: the ulid module pulls in node:crypto, a cost no run that has its id should pay.
  const id = (await import("ulid")).ulid();
  try {
    await Deno.mkdir((Deno.build.os === "windows" ? win32 : posix).dirname(file), { recursive: true });
    await writeFileAtomic(file, id + "\n");
  } catch (e) {
    warn(
      `Cannot save this computer's id in "${file}": ${
        (e as Error).message
      }; telling computers apart by host name`,
    );
    return null;
  }
  // Two runs minting at once: the rename of the last one wins, so read back what is on disk.
  return (await readTextOrNull(file).catch(() => null))?.trim() ?? id;
}

/** The machine id a snapshot was tagged with, or undefined for snapshots made before machine ids. */
export function machineOf(s: { tags?: string[] | null }): string | undefined {
  return s.tags?.find((t) => t.startsWith(`${MACHINE_TAG}=`))?.slice(MACHINE_TAG.length + 1);
}

/**
 * Whether this computer made snapshot `s`: by machine id when the snapshot carries one, else (older
 * snapshots) by host name. Without an id of our own, a tagged snapshot is never ours.
 */
export function madeHere(
  s: { host: string; tags?: string[] | null },
  me: { machineId: string | null; host: string },
): boolean {
  const theirs = machineOf(s);
  if (theirs !== undefined) return me.machineId !== null && theirs === me.machineId;
  return s.host === me.host;
}
