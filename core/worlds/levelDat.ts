/**
 * A world's `level.dat`: gzip-compressed big-endian NBT with a root compound "" that holds `Data`.
 * Read for the conflict view (name, last played, game version) and rewritten for keep-both (a new name).
 */
import { Buffer } from "node:buffer";
import { basename, dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type nbt from "prismarine-nbt";

type NbtLib = typeof import("prismarine-nbt");
let nbtLib: NbtLib | undefined;
/** prismarine-nbt is loaded on first use: hook runs that never read a level.dat do not pay for it. */
async function loadNbt(): Promise<NbtLib> {
  nbtLib ??= (await import("prismarine-nbt")).default as unknown as NbtLib;
  return nbtLib;
}
import { writeFileAtomic } from "../fs/atomic.ts";
import { IoError } from "../errors.ts";

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

type Compound = nbt.Compound["value"];

/** Reads a world's level.dat; null when the file is missing, unreadable or not a level.dat. */
export async function readLevelDat(path: string): Promise<LevelInfo | null> {
  let parsed: ParsedLevel | null;
  try {
    parsed = parseLevel(await loadNbt(), await Deno.readFile(path));
  } catch {
    return null;
  }
  if (!parsed) return null;
  const data = parsed.data;
  const version = compound(data.Version);
  return {
    levelName: stringTag(data.LevelName) ?? basename(dirname(path)),
    lastPlayed: longTag(data.LastPlayed) ?? 0,
    versionName: version ? stringTag(version.Name) : undefined,
    dataVersion: intTag(data.DataVersion) ?? (version ? intTag(version.Id) : undefined),
  };
}

/**
 * Changes the world's name (`Data.LevelName`) and keeps every other tag as it was. The file is
 * replaced atomically (temp file + rename), so a kill leaves the old or the new level.dat, never a torn one.
 */
export async function renameLevel(path: string, newName: string): Promise<void> {
  const lib = await loadNbt();
  let parsed: ParsedLevel | null = null;
  try {
    parsed = parseLevel(lib, await Deno.readFile(path));
  } catch {
    // reported below
  }
  if (!parsed) throw new IoError(`Cannot rename the world: "${path}" is not a readable level.dat`);
  parsed.data.LevelName = lib.string(newName);
  const raw = lib.writeUncompressed(parsed.root, "big");
  await writeFileAtomic(path, parsed.gzipped ? gzipSync(raw) : raw);
}

/** The values a test world's level.dat carries. */
export interface TestLevel {
  levelName: string;
  lastPlayed: number;
  versionName: string;
  dataVersion: number;
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
  const lib = await loadNbt();
  const root = lib.comp({
    Data: lib.comp({
      LevelName: lib.string(level.levelName),
      LastPlayed: lib.long(BigInt(level.lastPlayed)),
      DataVersion: lib.int(level.dataVersion),
      Version: lib.comp({
        Id: lib.int(level.dataVersion),
        Name: lib.string(level.versionName),
        Snapshot: lib.byte(0),
      }),
      version: lib.int(19133),
      GameType: lib.int(0),
      hardcore: lib.byte(0),
      DayTime: lib.long(BigInt(6000)),
      SpawnX: lib.int(0),
      SpawnY: lib.int(64),
      SpawnZ: lib.int(0),
    }),
  }) as unknown as nbt.NBT;
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeFile(path, gzipSync(lib.writeUncompressed(root, "big")));
}

interface ParsedLevel {
  root: nbt.NBT;
  data: Compound;
  gzipped: boolean;
}

/** Parses level.dat bytes (gzip or raw NBT); null when there is no `Data` compound. Throws on garbage. */
function parseLevel(lib: NbtLib, bytes: Uint8Array): ParsedLevel | null {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const raw = Buffer.from(gzipped ? gunzipSync(bytes) : bytes);
  const root = lib.parseUncompressed(raw, "big");
  if (root?.type !== "compound") return null;
  const data = compound(root.value.Data);
  return data ? { root, data, gzipped } : null;
}

function compound(tag: nbt.Tags[nbt.TagType] | undefined): Compound | undefined {
  return tag?.type === "compound" ? (tag.value as Compound) : undefined;
}

function stringTag(tag: nbt.Tags[nbt.TagType] | undefined): string | undefined {
  return tag?.type === "string" ? tag.value as string : undefined;
}

function intTag(tag: nbt.Tags[nbt.TagType] | undefined): number | undefined {
  const ok = tag?.type === "int" || tag?.type === "short" || tag?.type === "byte";
  return ok && typeof tag.value === "number" ? tag.value : undefined;
}

/** NBT longs arrive as [high, low] 32-bit halves. */
function longTag(tag: nbt.Tags[nbt.TagType] | undefined): number | undefined {
  if (tag?.type !== "long") return undefined;
  const [hi, lo] = tag.value as [number, number];
  return hi * 2 ** 32 + (lo >>> 0);
}
