import assert from "node:assert/strict";
import { join } from "node:path";
import { describeWorlds, newerVersionWarning } from "../../../core/worlds/describe.ts";
import { type LevelInfo, type TestLevel, writeTestLevelDat } from "../../../core/worlds/levelDat.ts";

const OLD: TestLevel = { levelName: "Farm", lastPlayed: 1_000, versionName: "1.20.1", dataVersion: 3465 };
const NEW: TestLevel = { levelName: "Farm", lastPlayed: 2_000, versionName: "1.21.4", dataVersion: 4189 };

Deno.test("newerVersionWarning() warns when the cloud world was saved by a newer game", () => {
  const warning = newerVersionWarning(OLD, NEW);
  assert.match(warning ?? "", /last saved by Minecraft 1\.21\.4, newer than this computer's 1\.20\.1/);
  assert.equal(newerVersionWarning(NEW, OLD), null);
  assert.equal(newerVersionWarning(NEW, NEW), null);
  assert.equal(newerVersionWarning(null, NEW), null);
  assert.equal(newerVersionWarning(OLD, { ...NEW, dataVersion: undefined }), null);
  const unnamed = { ...NEW, versionName: undefined };
  assert.match(newerVersionWarning(OLD, unnamed) ?? "", /Minecraft data version 4189/);
});

Deno.test("describeWorlds() shows each changed world with both sides' level.dat facts", async () => {
  const pack = await Deno.makeTempDir({ prefix: "is-describe-" });
  try {
    await writeTestLevelDat(
      join(pack, "saves/Farm/level.dat"),
      { ...OLD, lastPlayed: 1_500 },
    );
    await writeTestLevelDat(join(pack, "saves/Local Only/level.dat"), {
      levelName: "Mine",
      lastPlayed: 3_000,
      versionName: "1.20.1",
      dataVersion: 3465,
    });
    const asked: string[] = [];
    const cloudLevels: Record<string, LevelInfo> = {
      "saves/Farm": NEW,
      "saves/Cloud Only": { ...NEW, levelName: "Sky" },
    };
    const changes = await describeWorlds(
      pack,
      {
        added: ["saves/Local Only/region/r.1.0.mca"],
        changed: ["saves/Farm/level.dat", "saves/Farm/region/r.0.0.mca", "options.txt"],
        removed: [],
      },
      {
        added: ["saves/Cloud Only/level.dat"],
        changed: ["saves/Farm/level.dat"],
        removed: ["saves/Farm/old.dat"],
      },
      (folder) => {
        asked.push(folder);
        return Promise.resolve(cloudLevels[folder] ?? null);
      },
      {
        localManifest: { "saves/Farm/level.dat": [100, 0], "saves/Farm/region/r.0.0.mca": [4096, 0] },
        cloudManifest: { "saves/Farm/level.dat": [120, 0], "saves/Cloud Only/level.dat": [90, 0] },
      },
    );
    assert.deepEqual(
      asked.sort(),
      ["saves/Cloud Only", "saves/Farm"],
      "cloud level.dat read only where the cloud changed",
    );
    assert.deepEqual(changes.map((c) => [c.folder, c.name]), [
      ["saves/Cloud Only", "Sky"],
      ["saves/Farm", "Farm"],
      ["saves/Local Only", "Mine"],
    ]);
    const farm = changes[1];
    assert.deepEqual(farm.local, {
      lastPlayed: 1_500,
      versionName: "1.20.1",
      dataVersion: 3465,
      changedFiles: 2,
      bytes: 4196,
      deleted: false,
    });
    assert.deepEqual(farm.cloud, {
      lastPlayed: 2_000,
      versionName: "1.21.4",
      dataVersion: 4189,
      changedFiles: 2,
      bytes: 120,
      deleted: false,
    });
    assert.match(farm.warning ?? "", /^"Farm": the cloud copy was last saved by Minecraft 1\.21\.4/);
    assert.equal(changes[0].local, null);
    assert.equal(changes[2].cloud, null);
    assert.equal(changes[2].warning, undefined);
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
});

Deno.test("describeWorlds() marks a world deleted on one side", async () => {
  const pack = await Deno.makeTempDir({ prefix: "is-describe-" });
  try {
    await writeTestLevelDat(
      join(pack, "saves/Gone/level.dat"),
      { ...OLD, levelName: "Gone" },
    );
    const [change] = await describeWorlds(
      pack,
      { added: [], changed: [], removed: [] },
      { added: [], changed: [], removed: ["saves/Gone/level.dat", "saves/Gone/region/r.0.0.mca"] },
      () => Promise.resolve(null),
    );
    assert.equal(change.name, "Gone");
    assert.equal(change.local, null);
    assert.deepEqual(change.cloud, {
      lastPlayed: null,
      versionName: undefined,
      dataVersion: undefined,
      changedFiles: 2,
      deleted: true,
    });
    assert.equal(change.warning, undefined);
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
});
