/**
 * A world's `level.dat`: gzip-compressed big-endian NBT with a root compound "" that holds `Data`.
 * Read for the conflict view and push's world tags (name, last played, game version) with our own small
 * NBT reader, and rewritten for keep-both (a new name) with prismarine-nbt, loaded only then.
 */
import { basename, dirname } from "../fs/path.ts";
import { MAX_NBT_BYTES, type NbtCompound, type NbtTag, readNbt } from "./nbt.ts";
import type { TestLevel } from "./levelDatWrite.ts";

export type { TestLevel } from "./levelDatWrite.ts";

/** What the conflict view shows about a world. */
export interface LevelInfo {
  /** `Data.LevelName`, the name in Minecraft's world list (the folder name when the tag is missing). */
  levelName: string;
  /** `Data.LastPlayed`, milliseconds since the epoch (0 when missing). */
  lastPlayed: number;
  /** `Data.Version.Name`, e.g. "1.21.4" (worlds from 1.9 on). */
  versionName?: string;
  /** `Data.DataVersion`, else `Data.Version.Id`: grows with every game release. */
  dataVersion?: number;
}

/** Reads a world's level.dat; null when the file is missing, unreadable or not a level.dat. */
export async function readLevelDat(path: string): Promise<LevelInfo | null> {
  let data: NbtCompound | undefined;
  try {
    // A file larger than any level.dat is not read into memory at all.
    if ((await Deno.stat(path)).size > MAX_NBT_BYTES) return null;
    data = compound((await readNbt(await Deno.readFile(path))).value.get("Data"));
  } catch {
    return null;
  }
  if (!data) return null;
  const version = compound(data.get("Version"));
  return {
    levelName: stringTag(data.get("LevelName")) ?? basename(dirname(path)),
    lastPlayed: longTag(data.get("LastPlayed")) ?? 0,
    versionName: version ? stringTag(version.get("Name")) : undefined,
    dataVersion: intTag(data.get("DataVersion")) ?? (version ? intTag(version.get("Id")) : undefined),
  };
}

/**
 * Changes the world's name (`Data.LevelName`) and keeps every other tag as it was. The file is
 * replaced atomically (temp file + rename), so a kill leaves the old or the new level.dat, never a torn one.
 */
export async function renameLevel(path: string, newName: string): Promise<void> {
  await (await import("./levelDatWrite.ts")).renameLevelNow(path, newName);
}

/**
 * Writes a level.dat the way Minecraft does (gzip, root compound "" → `Data`), with a few of the
 * other tags a real one has, creating the folder. For tests and demos.
 *
 * @example
 * await writeTestLevelDat(`${pack}/saves/World/level.dat`,
 *   { levelName: "World", lastPlayed: Date.now(), versionName: "1.21.4", dataVersion: 4189 });
 */
export async function writeTestLevelDat(path: string, level: TestLevel): Promise<void> {
  await (await import("./levelDatWrite.ts")).writeTestLevelDatNow(path, level);
}

function compound(tag: NbtTag | undefined): NbtCompound | undefined {
  return tag?.type === "compound" ? tag.value : undefined;
}

function stringTag(tag: NbtTag | undefined): string | undefined {
  return tag?.type === "string" ? tag.value : undefined;
}

function intTag(tag: NbtTag | undefined): number | undefined {
  return tag?.type === "int" || tag?.type === "short" || tag?.type === "byte" ? tag.value : undefined;
}

function longTag(tag: NbtTag | undefined): number | undefined {
  return tag?.type === "long" ? Number(tag.value) : undefined;
}
