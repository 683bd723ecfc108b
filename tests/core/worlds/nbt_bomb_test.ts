/** Hostile level.dat files (docs/hostile-input.md): refused fast, in bounded memory, and the world still counts. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readLevelDat } from "../../../core/worlds/levelDat.ts";
import { MAX_NBT_LIST_LENGTH, MAX_NBT_TAGS, readNbt } from "../../../core/worlds/nbt.ts";

/** A root compound holding `lists` lists, each of `length` empty compounds (one byte apiece). */
function emptyCompoundLists(lists: number, length: number): Uint8Array {
  const header = 3 + lists * (1 + 2 + 1 + 1 + 4);
  const raw = new Uint8Array(header + lists * length + 1);
  const view = new DataView(raw.buffer);
  raw.set([10, 0, 0]); // root compound ""
  let at = 3;
  for (let i = 0; i < lists; i++) {
    raw.set([9, 0, 1, 0x61 + (i % 26), 10], at); // list "a".."z" of compounds
    view.setInt32(at + 5, length);
    at += 9;
    // `length` end tags (zeros) follow: each one is an empty compound
    at += length;
  }
  raw[at] = 0; // end of the root
  return new Uint8Array(gzipSync(raw.subarray(0, at + 1), { level: 9 }));
}

// The refusals are proven by what is read (the list's declared length, the running tag count), not by a
// clock: the length is refused before one element of the list is built.
Deno.test("readNbt() refuses a 64 KB bomb of 66 million empty compounds by its list length, in bounded memory", async () => {
  const bomb = emptyCompoundLists(1, 66_000_000);
  assert.ok(bomb.length < 100_000, `the bomb is small (${bomb.length} bytes)`);
  const heapBefore = Deno.memoryUsage().heapUsed;
  await assert.rejects(() => readNbt(bomb), /longer than 500000/);
  const grown = Deno.memoryUsage().heapUsed - heapBefore;
  assert.ok(grown < 256 * 1024 * 1024, `heap grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
});

Deno.test("readNbt() refuses many lists that each stay under the list limit by the total tag count", async () => {
  const lists = Math.ceil(MAX_NBT_TAGS / MAX_NBT_LIST_LENGTH) + 1;
  const bomb = emptyCompoundLists(lists, MAX_NBT_LIST_LENGTH);
  await assert.rejects(() => readNbt(bomb), /more than 1000000 tags/);
});

Deno.test("readNbt() still reads a list right at the length limit", async () => {
  const root = await readNbt(emptyCompoundLists(1, MAX_NBT_LIST_LENGTH));
  const list = root.value.get("a");
  assert.equal(list?.type, "list");
  assert.equal(list?.type === "list" ? list.value.length : 0, MAX_NBT_LIST_LENGTH);
});

Deno.test("readLevelDat() answers null for a bomb, so the world is uploaded without its tag details", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-nbt-bomb-" });
  try {
    await Deno.writeFile(join(dir, "level.dat"), emptyCompoundLists(1, 66_000_000));
    assert.equal(await readLevelDat(join(dir, "level.dat")), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
