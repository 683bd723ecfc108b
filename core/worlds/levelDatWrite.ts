/**
 * Writing a world's level.dat, with prismarine-nbt: a new name for keep-both, and test worlds. Loaded
 * only by the functions in levelDat.ts that write (dynamic import), so reading a level.dat on the push
 * path never pays prismarine-nbt's cold import (~200 ms) nor node:zlib's.
 */
import { Buffer } from "node:buffer";
import { dirname } from "../fs/path.ts";
import { gunzipSync, gzipSync } from "node:zlib";
import nbt from "prismarine-nbt";
import { writeFileAtomic } from "../fs/atomic.ts";
import { IoError } from "../errors.ts";

/** The values a test world's level.dat carries. */
export interface TestLevel {
  levelName: string;
  lastPlayed: number;
  versionName: string;
  dataVersion: number;
}

type Compound = nbt.Compound["value"];

interface ParsedLevel {
  root: nbt.NBT;
  data: Compound;
  gzipped: boolean;
}

/** Parses level.dat bytes (gzip or raw NBT); null when there is no `Data` compound. Throws on garbage. */
function parseLevel(bytes: Uint8Array): ParsedLevel | null {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const raw = Buffer.from(gzipped ? gunzipSync(bytes) : bytes);
  const root = nbt.parseUncompressed(raw, "big");
  if (root?.type !== "compound") return null;
  const data = root.value.Data;
  return data?.type === "compound" ? { root, data: data.value as Compound, gzipped } : null;
}

/** See `renameLevel` in levelDat.ts. */
export async function renameLevelNow(path: string, newName: string): Promise<void> {
  let parsed: ParsedLevel | null = null;
  try {
    parsed = parseLevel(await Deno.readFile(path));
  } catch {
    // reported below
  }
  if (!parsed) throw new IoError(`Cannot rename the world: "${path}" is not a readable level.dat`);
  parsed.data.LevelName = nbt.string(newName);
  const raw = nbt.writeUncompressed(parsed.root, "big");
  await writeFileAtomic(path, parsed.gzipped ? gzipSync(raw) : raw);
}

/** See `writeTestLevelDat` in levelDat.ts. */
export async function writeTestLevelDatNow(path: string, level: TestLevel): Promise<void> {
  const root = nbt.comp({
    Data: nbt.comp({
      LevelName: nbt.string(level.levelName),
      LastPlayed: nbt.long(BigInt(level.lastPlayed)),
      DataVersion: nbt.int(level.dataVersion),
      Version: nbt.comp({
        Id: nbt.int(level.dataVersion),
        Name: nbt.string(level.versionName),
        Snapshot: nbt.byte(0),
      }),
      version: nbt.int(19133),
      GameType: nbt.int(0),
      hardcore: nbt.byte(0),
      DayTime: nbt.long(BigInt(6000)),
      SpawnX: nbt.int(0),
      SpawnY: nbt.int(64),
      SpawnZ: nbt.int(0),
    }),
  }) as unknown as nbt.NBT;
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeFile(path, gzipSync(nbt.writeUncompressed(root, "big")));
}
