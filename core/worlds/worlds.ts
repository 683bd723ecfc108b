/**
 * Worlds are the unit players think in: `saves/<folder>` with a level.dat. These helpers list them on
 * disk and group pack-relative paths (manifest keys, forward slashes) by the world they belong to.
 */
import { join } from "../fs/path.ts";
import { type LevelInfo, readLevelDat } from "./levelDat.ts";

/** A world folder and what its level.dat says (null when it cannot be read). */
export interface WorldInfo {
  /** Pack-relative, forward slashes: "saves/<name>". */
  folder: string;
  info: LevelInfo | null;
}

/** The `groupByWorld` key of paths that belong to no world (options.txt, screenshots …). */
export const OTHER_FILES = "";

/** The worlds of a pack: folders in `saves/` that contain a level.dat, sorted by folder; [] without saves/. */
export async function listWorlds(packFolder: string): Promise<WorldInfo[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(packFolder, "saves"))) {
      if (entry.isFile) continue;
      try {
        if ((await Deno.stat(join(packFolder, "saves", entry.name, "level.dat"))).isFile) {
          names.push(entry.name);
        }
      } catch {
        // not a world: no level.dat, or a dangling symlink
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return [];
    throw e;
  }
  names.sort();
  return await Promise.all(names.map(async (name) => ({
    folder: `saves/${name}`,
    info: await readLevelDat(join(packFolder, "saves", name, "level.dat")),
  })));
}

/**
 * The world folder a pack-relative file path belongs to, or null.
 *
 * @example worldOf("saves/New World/region/r.0.0.mca") // "saves/New World"
 * @example worldOf("options.txt") // null; so is "saves/README.txt", a file directly in saves/
 */
export function worldOf(relPath: string): string | null {
  // By index, not split: `history` asks this of every path of a snapshot it describes.
  const path = relPath.includes("\\") ? relPath.replaceAll("\\", "/") : relPath;
  if (!path.startsWith("saves/")) return null;
  const end = path.indexOf("/", 6);
  if (end < 0) return null; // a file directly in saves/
  const name = path.slice(6, end);
  if (name === "" || name === "." || name === "..") return null;
  return `saves/${name}`;
}

/**
 * Groups paths by world folder. Keys are world folders in sorted order, then `OTHER_FILES` ("") for
 * paths outside any world; each list keeps the input order.
 */
export function groupByWorld(paths: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const key = worldOf(path) ?? OTHER_FILES;
    const list = groups.get(key);
    if (list) list.push(path);
    else groups.set(key, [path]);
  }
  const keys = [...groups.keys()].sort((a, b) =>
    a === OTHER_FILES ? 1 : b === OTHER_FILES ? -1 : a < b ? -1 : a > b ? 1 : 0
  );
  return new Map(keys.map((k) => [k, groups.get(k)!]));
}
