import assert from "node:assert/strict";
import { join } from "node:path";
import { writeTestLevelDat } from "../../../core/worlds/levelDat.ts";
import { groupByWorld, listWorlds, OTHER_FILES, worldOf } from "../../../core/worlds/worlds.ts";

Deno.test("listWorlds() lists folders in saves/ that hold a level.dat, with what it says", async () => {
  const pack = await Deno.makeTempDir({ prefix: "is-worlds-" });
  try {
    const level = { lastPlayed: 1_700_000_000_000, versionName: "1.20.1", dataVersion: 3465 };
    await writeTestLevelDat(join(pack, "saves/Beta/level.dat"), { ...level, levelName: "Beta base" });
    await writeTestLevelDat(join(pack, "saves/Alpha/level.dat"), { ...level, levelName: "Alpha" });
    await Deno.mkdir(join(pack, "saves/Broken"));
    await Deno.writeTextFile(join(pack, "saves/Broken/level.dat"), "corrupt");
    await Deno.mkdir(join(pack, "saves/NotAWorld"));
    await Deno.writeTextFile(join(pack, "saves/stray.txt"), "x");
    const worlds = await listWorlds(pack);
    assert.deepEqual(worlds.map((w) => w.folder), ["saves/Alpha", "saves/Beta", "saves/Broken"]);
    assert.equal(worlds[1].info?.levelName, "Beta base");
    assert.equal(worlds[1].info?.versionName, "1.20.1");
    assert.equal(worlds[2].info, null, "a corrupt level.dat still lists the world, without info");
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
});

Deno.test("listWorlds() returns nothing for a pack without saves/", async () => {
  const pack = await Deno.makeTempDir({ prefix: "is-worlds-" });
  try {
    assert.deepEqual(await listWorlds(pack), []);
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
});

Deno.test("worldOf() names the world folder of a file and null for files outside worlds", () => {
  assert.equal(worldOf("saves/New World/region/r.0.0.mca"), "saves/New World");
  assert.equal(worldOf("saves/New World/level.dat"), "saves/New World");
  assert.equal(worldOf("saves\\Win World\\level.dat"), "saves/Win World");
  assert.equal(worldOf("saves/readme.txt"), null);
  assert.equal(worldOf("saves"), null);
  assert.equal(worldOf("options.txt"), null);
  assert.equal(worldOf("screenshots/saves/x.png"), null);
  assert.equal(worldOf("saves/../options.txt"), null);
});

Deno.test("groupByWorld() groups paths per world, sorted, with other files last", () => {
  const groups = groupByWorld([
    "options.txt",
    "saves/B/level.dat",
    "saves/A/region/r.0.0.mca",
    "saves/B/data/raids.dat",
    "screenshots/a.png",
    "saves/A/level.dat",
  ]);
  assert.deepEqual([...groups.entries()], [
    ["saves/A", ["saves/A/region/r.0.0.mca", "saves/A/level.dat"]],
    ["saves/B", ["saves/B/level.dat", "saves/B/data/raids.dat"]],
    [OTHER_FILES, ["options.txt", "screenshots/a.png"]],
  ]);
  assert.equal(OTHER_FILES, "");
});
