/**
 * Keep-both: the losing side of a world conflict becomes a second, playable world next to the winner,
 * `saves/<World> (<machine> <YYYY-MM-DD>)`, with its level.dat name changed so the two are told apart
 * in Minecraft's world list.
 */
import { isAbsolute, join } from "../fs/path.ts";
import { IoError, UsageError } from "../errors.ts";
import { exists } from "../fs/atomic.ts";
import { containedPath } from "../fs/contained.ts";
import { renameLevel } from "./levelDat.ts";

/** Longest folder name we create: far below the 255 of every file system, leaving room on MAX_PATH. */
const MAX_FOLDER_NAME = 96;
/** Characters Windows forbids in file names, and control characters. */
// deno-lint-ignore no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\x00-\x1f]/g;

/** "YYYY-MM-DD" in the local time zone: the date the player sees on their calendar. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * A folder name for the kept copy that is free in `existing` (folder names in saves/, compared without
 * case, as Windows and macOS do) and valid on every OS.
 *
 * @example keepBothName("New World", "laptop", new Date(2026, 10, 24), new Set(["New World"]))
 * // "New World (laptop 2026-11-24)"; " 2", " 3" … are appended while that is taken
 */
export function keepBothName(
  worldFolderName: string,
  machine: string,
  date: Date,
  existing: Set<string>,
): string {
  return freeFolderName(
    worldFolderName,
    `${clean(machine).slice(0, 32) || "other computer"} ${localDate(date)}`,
    existing,
  );
}

/**
 * `<World> (<note>)`, made free in `existing` and valid on every OS the way `keepBothName` is; a restored
 * copy uses the snapshot's date as the note.
 *
 * @example freeFolderName("My Base", "2026-11-24", new Set()) // "My Base (2026-11-24)"
 */
export function freeFolderName(worldFolderName: string, note: string, existing: Set<string>): string {
  const taken = new Set([...existing].map((n) => n.toLowerCase()));
  const suffix = ` (${clean(note)})`;
  const room = MAX_FOLDER_NAME - suffix.length - 4; // 4: " 999"
  const base = (clean(worldFolderName).slice(0, room).trimEnd() || "World") + suffix;
  for (let n = 1;; n++) {
    const name = n === 1 ? base : `${base} ${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** The in-game name of the kept copy: the level name itself is free text, so only the suffix is added. */
export function keepBothDisplayName(levelName: string, machine: string, date: Date): string {
  return `${levelName} (${machine} ${localDate(date)})`;
}

/** Folder names in the pack's saves/ (for `keepBothName`'s `existing`); empty without saves/. */
export async function existingWorldFolders(packFolder: string): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    for await (const entry of Deno.readDir(join(packFolder, "saves"))) names.add(entry.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names;
}

/**
 * Copies a world to `saves/<toFolderName>` and renames the copy to `displayName` in its level.dat (and
 * level.dat_old, Minecraft's fallback). `fromFolder` is pack-relative ("saves/World") or absolute (e.g. a
 * world restored into a temp folder). Skips `session.lock`, keeps file mtimes, and refuses to overwrite
 * an existing folder. The copy is built in a hidden temp folder and renamed into place, so a kill never
 * leaves a half-copied world in the world list.
 *
 * @returns the new folder, pack-relative, and whether its level.dat could be renamed
 */
export async function copyWorldAs(
  packFolder: string,
  fromFolder: string,
  toFolderName: string,
  displayName: string,
): Promise<{ folder: string; renamed: boolean }> {
  if (toFolderName !== clean(toFolderName) || /^\.*$/.test(toFolderName)) {
    throw new UsageError(`Cannot keep both: "${toFolderName}" is not a valid world folder name`);
  }
  const source = isAbsolute(fromFolder) ? fromFolder : join(packFolder, fromFolder);
  const target = await containedPath(packFolder, `saves/${toFolderName}`, "world folder");
  if (await exists(target)) throw new IoError(`Cannot keep both: "saves/${toFolderName}" already exists`);
  const temp = join(packFolder, "saves", `.instance-sync-copy-${crypto.randomUUID().slice(0, 8)}`);
  try {
    await copyTree(source, temp);
    let renamed = false;
    for (const file of ["level.dat", "level.dat_old"]) {
      try {
        await renameLevel(join(temp, file), displayName);
        if (file === "level.dat") renamed = true;
      } catch {
        // a missing or unreadable level.dat still leaves a copy worth keeping
      }
    }
    if (await exists(target)) throw new IoError(`Cannot keep both: "saves/${toFolderName}" already exists`);
    await Deno.rename(temp, target);
    return { folder: `saves/${toFolderName}`, renamed };
  } catch (e) {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
    throw e;
  }
}

/** Copies a world folder (without `session.lock`), keeping file mtimes and symlinks as symlinks. */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === "session.lock") continue; // the game's open-world marker, not world data
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isSymlink) await Deno.symlink(await Deno.readLink(src), dst);
    else if (entry.isDirectory) await copyTree(src, dst);
    else {
      await Deno.copyFile(src, dst);
      const info = await Deno.stat(src);
      if (info.mtime) await Deno.utime(dst, info.atime ?? info.mtime, info.mtime);
    }
  }
}

/** Replaces characters Windows forbids and drops trailing dots and spaces (Windows strips them). */
function clean(name: string): string {
  return name.replace(FORBIDDEN, "_").trim().replace(/[. ]+$/, "");
}
