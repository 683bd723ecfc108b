import assert from "node:assert/strict";
import { UsageError } from "../../../core/errors.ts";
import { diffPrints, pushRecords, worldPrints } from "../../../core/worlds/changes.ts";
import { writeTestLevelDat } from "../../../core/worlds/levelDat.ts";
import { resolveWorld } from "../../../core/worlds/resolve.ts";
import {
  parseWorldTags,
  TAG_WORLDS_RECORDED,
  type WorldRecord,
  worldTags,
} from "../../../core/worlds/tags.ts";
import { worldsColumn } from "../../../cli/commands/info.ts";
import { literalPattern } from "../../../core/sync/worldRestoreSteps.ts";

const NAMES = [
  "My Base",
  "a,b,c",
  "Skyblock ☁️ 日本",
  "x=y:z",
  "100% [hard] *?",
  "   spaced   ",
  "emoji 🧱🧱",
];

Deno.test("worldTags() round-trips any folder name, version and numbers through restic's tag syntax", () => {
  const records: WorldRecord[] = NAMES.map((n, i) => ({
    folder: `saves/${n}`,
    change: (["added", "changed", "removed"] as const)[i % 3],
    ...(i % 3 === 2
      ? { bytes: 0 }
      : { lastPlayed: 1_764_000_000_000 + i, version: `1.21.${i}, snapshot`, bytes: i * 1000 }),
  }));
  const tags = worldTags(records);
  for (const t of tags) {
    assert.ok(!t.includes(","), `"${t}" would be split by restic`);
    assert.ok(!/\s/.test(t), `"${t}" has white space`);
  }
  const sorted = [...records].sort((a, b) => (a.folder < b.folder ? -1 : 1));
  assert.deepEqual(parseWorldTags(["instance-sync", "machine=01ABC", ...tags, "parent=none"]), sorted);
});

Deno.test("parseWorldTags() tells 'recorded, no world changed' from 'not recorded' and skips damaged tags", () => {
  assert.deepEqual(parseWorldTags([TAG_WORLDS_RECORDED, "instance-sync"]), []);
  assert.equal(parseWorldTags(["instance-sync", "world=a:TXkgQmFzZQ:::"]), null);
  assert.equal(parseWorldTags(null), null);
  assert.deepEqual(
    parseWorldTags([
      TAG_WORLDS_RECORDED,
      "world=q:TXkgQmFzZQ",
      "world=a:!!!",
      "world=a:Li4vZXRj",
      "world=c:TXkgQmFzZQ:x::12",
    ]),
    [{ folder: "saves/My Base", change: "changed", bytes: 12 }],
    "unknown kind, bad base64, a name with a slash (../etc) and a bad number are left out",
  );
});

Deno.test("diffPrints() finds added, changed and removed worlds between two listings", () => {
  const parent = worldPrints({
    "saves/A/level.dat": [10, 1_000_000],
    "saves/B/level.dat": [10, 1_000_000],
    "saves/C/level.dat": [10, 1_000_000],
    "options.txt": [1, 1],
  });
  const now = worldPrints({
    "saves/A/level.dat": [10, 1_000_000],
    "saves/B/level.dat": [11, 2_000_000],
    "saves/D/level.dat": [5, 3_000_000],
    "options.txt": [2, 2],
  });
  assert.deepEqual(diffPrints(parent, now), [
    { folder: "saves/B", change: "changed", bytes: 11, lastPlayed: 2_000_000 },
    { folder: "saves/C", change: "removed", bytes: 0 },
    { folder: "saves/D", change: "added", bytes: 5, lastPlayed: 3_000_000 },
  ]);
  assert.deepEqual(diffPrints(null, now).map((r) => r.change), ["added", "added", "added"]);
});

Deno.test("resolveWorld() takes a folder, saves/folder, any case, or the in-game name; refuses unknown and ambiguous", () => {
  const folders = ["saves/My Base", "saves/my base", "saves/Sky"];
  const local = [{ folder: "saves/Sky", info: { levelName: "Skyblock Island", lastPlayed: 0 } }];
  assert.equal(resolveWorld("My Base", folders, local), "saves/My Base");
  assert.equal(resolveWorld("saves/Sky/", folders, local), "saves/Sky");
  assert.equal(resolveWorld("SKY", folders, local), "saves/Sky");
  assert.equal(resolveWorld("skyblock island", folders, local), "saves/Sky");
  assert.throws(
    () => resolveWorld("MY BASE", folders, local),
    (e) => e instanceof UsageError && /several/.test(e.message),
  );
  assert.throws(
    () => resolveWorld("Nope", folders, local),
    (e) => e instanceof UsageError && /is not a world/.test(e.message),
  );
  assert.throws(() => resolveWorld("  ", folders, local), UsageError);
});

Deno.test("worldsColumn() marks changes and cuts long lists to fit", () => {
  assert.equal(worldsColumn([]), "-");
  assert.equal(
    worldsColumn([{ folder: "saves/A", change: "added" }, { folder: "saves/B", change: "removed" }]),
    "+A, -B",
  );
  const many = Array.from(
    { length: 9 },
    (_, i) => ({ folder: `saves/World number ${i}`, change: "changed" }),
  );
  const col = worldsColumn(many);
  assert.ok(col.length <= 40, col);
  assert.match(col, /^~World number 0.*\(\+\d\)$/);
});

Deno.test("pushRecords() tells added, changed and removed worlds and reads last played and version", async () => {
  const pack = await Deno.makeTempDir({ prefix: "is-records-" });
  try {
    await writeTestLevelDat(`${pack}/saves/New/level.dat`, {
      levelName: "New",
      lastPlayed: 1_764_000_000_000,
      versionName: "1.21.4",
      dataVersion: 4189,
    });
    const local = {
      "saves/New/level.dat": [300, 1] as [number, number],
      "saves/Old/level.dat": [10, 1] as [number, number],
      "saves/Old/r.mca": [20, 1] as [number, number],
      "saves/Same/level.dat": [5, 1] as [number, number],
      "options.txt": [1, 1] as [number, number],
    };
    const diff = {
      added: ["saves/New/level.dat"],
      changed: ["saves/Old/r.mca", "options.txt"],
      removed: ["saves/Gone/level.dat", "saves/Gone/r.mca"],
    };
    assert.deepEqual(await pushRecords(pack, diff, local), [
      { folder: "saves/Gone", change: "removed", bytes: 0 },
      { folder: "saves/New", change: "added", bytes: 300, lastPlayed: 1_764_000_000_000, version: "1.21.4" },
      { folder: "saves/Old", change: "changed", bytes: 30 },
    ]);
    assert.deepEqual(
      await pushRecords(pack, { added: [], changed: ["options.txt"], removed: [] }, local),
      [],
    );
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
});

Deno.test("literalPattern() makes restic's include match a world folder literally", () => {
  // Checked against restic 0.19: each of these restores only the folder of that exact name.
  assert.equal(literalPattern("saves/a[1]"), "saves/a[[]1]");
  assert.equal(literalPattern("saves/x*y?"), "saves/x[*]y[?]");
  assert.equal(literalPattern("saves/My Base"), "saves/My Base");
  if (Deno.build.os !== "windows") assert.equal(literalPattern("saves/b\\c"), "saves/b\\\\c");
});

Deno.test("worldPrints() gives the fingerprints world-index.json already holds (same hash for any folder name)", () => {
  // The fingerprint as first written (a for…of over the characters): cached prints must keep matching.
  const reference = (entries: [string, number, number][]) => {
    let h = 0x811c9dc5;
    for (const [p, size, mtime] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      for (const ch of `${p}\0${size}\0${Math.floor(mtime / 1000)}\n`) {
        h ^= ch.codePointAt(0)!;
        h = Math.imul(h, 0x01000193) >>> 0;
      }
    }
    return `${h.toString(16)}-${entries.length}`;
  };
  for (const name of [...NAMES, "lone \ud83e surrogate", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]) {
    const entries: [string, number, number][] = [
      [`saves/${name}/level.dat`, 1234, 1_700_000_123_456],
      [`saves/${name}/region/r.0.0.mca`, 4096, 1_700_000_000_999],
      [`saves/${name}/data/🗺 map_0.dat`, 0, 0],
    ];
    const prints = worldPrints(Object.fromEntries(entries.map(([p, s, m]) => [p, [s, m]])));
    assert.equal(prints[`saves/${name}`].hash, reference(entries), name);
  }
  // One value pinned as well (computed by the first version), so a change made to both sides is caught.
  assert.equal(worldPrints({ "saves/W/level.dat": [10, 1_000_000] })["saves/W"].hash, "cd1cfd3f-1");
});
