import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import nbt from "prismarine-nbt";
import { readLevelDat, renameLevel, writeTestLevelDat } from "../../../core/worlds/levelDat.ts";

const LEVEL = {
  levelName: "Survival Island",
  lastPlayed: 1_764_000_123_456,
  versionName: "1.21.4",
  dataVersion: 4189,
};

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "is-level-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Parses a level.dat independently of the module under test, the way Minecraft reads it. */
async function parseRaw(path: string): Promise<nbt.NBT> {
  const bytes = await Deno.readFile(path);
  assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b], "level.dat is gzip-compressed");
  return nbt.parseUncompressed(Buffer.from(gunzipSync(bytes)), "big");
}

Deno.test("writeTestLevelDat() writes gzip NBT with the tag types Minecraft expects", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "saves/World/level.dat");
    await writeTestLevelDat(path, LEVEL);
    const root = await parseRaw(path);
    assert.equal(root.name, "");
    const data = root.value.Data as nbt.Compound;
    assert.equal(data.type, "compound");
    assert.deepEqual(data.value.LevelName, { type: "string", value: "Survival Island" });
    assert.equal(data.value.LastPlayed?.type, "long");
    const [hi, lo] = (data.value.LastPlayed as nbt.Long).value;
    assert.equal(BigInt(hi) * 2n ** 32n + BigInt(lo >>> 0), 1_764_000_123_456n);
    assert.deepEqual(data.value.DataVersion, { type: "int", value: 4189 });
    const version = (data.value.Version as nbt.Compound).value;
    assert.deepEqual(version.Id, { type: "int", value: 4189 });
    assert.deepEqual(version.Name, { type: "string", value: "1.21.4" });
    assert.deepEqual(version.Snapshot, { type: "byte", value: 0 });
  });
});

Deno.test("readLevelDat() returns the name, last played time and game version", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "level.dat");
    await writeTestLevelDat(path, LEVEL);
    assert.deepEqual(await readLevelDat(path), LEVEL);
  });
});

Deno.test("readLevelDat() falls back to Version.Id and the folder name when tags are missing", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "Old World/level.dat");
    await Deno.mkdir(join(dir, "Old World"));
    const root = nbt.comp({
      Data: nbt.comp({ Version: nbt.comp({ Id: nbt.int(1343) }) }),
    }) as unknown as nbt.NBT;
    await Deno.writeFile(path, nbt.writeUncompressed(root, "big")); // uncompressed is read too
    assert.deepEqual(await readLevelDat(path), {
      levelName: "Old World",
      lastPlayed: 0,
      versionName: undefined,
      dataVersion: 1343,
    });
  });
});

Deno.test("readLevelDat() returns null for missing, corrupt and truncated files", async () => {
  await withDir(async (dir) => {
    assert.equal(await readLevelDat(join(dir, "missing.dat")), null);
    await Deno.writeTextFile(join(dir, "text.dat"), "not nbt at all");
    assert.equal(await readLevelDat(join(dir, "text.dat")), null);
    await writeTestLevelDat(join(dir, "good.dat"), LEVEL);
    const bytes = await Deno.readFile(join(dir, "good.dat"));
    await Deno.writeFile(join(dir, "truncated.dat"), bytes.subarray(0, bytes.length / 2));
    assert.equal(await readLevelDat(join(dir, "truncated.dat")), null);
    await Deno.writeFile(join(dir, "empty.dat"), new Uint8Array());
    assert.equal(await readLevelDat(join(dir, "empty.dat")), null);
  });
});

Deno.test("renameLevel() changes only LevelName and keeps every other tag", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "level.dat");
    await writeTestLevelDat(path, LEVEL);
    const before = await parseRaw(path);
    await renameLevel(path, "Survival Island (laptop 2026-11-24)");
    const after = await parseRaw(path);
    const data = after.value.Data as nbt.Compound;
    assert.deepEqual(data.value.LevelName, { type: "string", value: "Survival Island (laptop 2026-11-24)" });
    (before.value.Data as nbt.Compound).value.LevelName = nbt.string("Survival Island (laptop 2026-11-24)");
    assert.ok(nbt.equal(before, after), "every other tag is unchanged");
    assert.equal((await readLevelDat(path))?.lastPlayed, LEVEL.lastPlayed);
    const leftovers = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(leftovers, ["level.dat"], "no temp file is left behind");
  });
});

Deno.test("renameLevel() refuses a file that is not a level.dat and leaves it alone", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "level.dat");
    await Deno.writeTextFile(path, "garbage");
    await assert.rejects(() => renameLevel(path, "X"), /is not a readable level.dat/);
    assert.equal(await Deno.readTextFile(path), "garbage");
  });
});
