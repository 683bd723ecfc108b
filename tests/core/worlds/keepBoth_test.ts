import assert from "node:assert/strict";
import { join } from "node:path";
import { readLevelDat, writeTestLevelDat } from "../../../core/worlds/levelDat.ts";
import {
  copyWorldAs,
  existingWorldFolders,
  keepBothDisplayName,
  keepBothName,
} from "../../../core/worlds/keepBoth.ts";
import { listWorlds } from "../../../core/worlds/worlds.ts";

const DAY = new Date(2026, 10, 24, 15, 30); // local time: the date the player sees

Deno.test("keepBothName() appends the machine and the local date", () => {
  assert.equal(
    keepBothName("New World", "laptop", DAY, new Set(["New World"])),
    "New World (laptop 2026-11-24)",
  );
  assert.equal(keepBothDisplayName("My: World", "laptop", DAY), "My: World (laptop 2026-11-24)");
});

Deno.test("keepBothName() counts up while the name is taken, ignoring case", () => {
  const existing = new Set(["World", "World (pc 2026-11-24)", "world (PC 2026-11-24) 2"]);
  assert.equal(keepBothName("World", "pc", DAY, existing), "World (pc 2026-11-24) 3");
});

Deno.test("keepBothName() makes a name every OS accepts", () => {
  const name = keepBothName('a<b>c:d"e/f\\g|h?i*j. ', "desk:top?", DAY, new Set());
  assert.equal(name, "a_b_c_d_e_f_g_h_i_j (desk_top_ 2026-11-24)");
  assert.doesNotMatch(name, /[<>:"/\\|?*]/);
  const long = keepBothName("x".repeat(300), "m".repeat(100), DAY, new Set());
  assert.ok(long.length <= 96, `"${long}" is short enough`);
  assert.match(long, / 2026-11-24\)$/);
  assert.equal(keepBothName("...", "pc", DAY, new Set()), "World (pc 2026-11-24)");
});

async function makePack(): Promise<string> {
  const pack = await Deno.makeTempDir({ prefix: "is-keepboth-" });
  const level = {
    levelName: "Castle",
    lastPlayed: 1_764_000_000_000,
    versionName: "1.21.4",
    dataVersion: 4189,
  };
  await writeTestLevelDat(join(pack, "saves/Castle/level.dat"), level);
  await writeTestLevelDat(join(pack, "saves/Castle/level.dat_old"), level);
  await Deno.mkdir(join(pack, "saves/Castle/region"), { recursive: true });
  await Deno.writeTextFile(join(pack, "saves/Castle/region/r.0.0.mca"), "chunks");
  await Deno.utime(join(pack, "saves/Castle/region/r.0.0.mca"), 1_700_000_000, 1_700_000_000);
  await Deno.writeTextFile(join(pack, "saves/Castle/session.lock"), "☃");
  return pack;
}

Deno.test("copyWorldAs() makes a second playable world with the new name", async () => {
  const pack = await makePack();
  try {
    const folder = keepBothName("Castle", "laptop", DAY, await existingWorldFolders(pack));
    const display = keepBothDisplayName("Castle", "laptop", DAY);
    const result = await copyWorldAs(pack, "saves/Castle", folder, display);
    assert.deepEqual(result, { folder: "saves/Castle (laptop 2026-11-24)", renamed: true });

    const worlds = await listWorlds(pack);
    assert.deepEqual(worlds.map((w) => [w.folder, w.info?.levelName]), [
      ["saves/Castle", "Castle"],
      ["saves/Castle (laptop 2026-11-24)", "Castle (laptop 2026-11-24)"],
    ]);
    const copy = join(pack, result.folder);
    assert.equal((await readLevelDat(join(copy, "level.dat_old")))?.levelName, display);
    assert.equal((await readLevelDat(join(copy, "level.dat")))?.lastPlayed, 1_764_000_000_000);
    assert.equal(await Deno.readTextFile(join(copy, "region/r.0.0.mca")), "chunks");
    assert.equal((await Deno.stat(join(copy, "region/r.0.0.mca"))).mtime?.getTime(), 1_700_000_000_000);
    await assert.rejects(() => Deno.stat(join(copy, "session.lock")), Deno.errors.NotFound);
    assert.deepEqual([...await existingWorldFolders(pack)].sort(), ["Castle", "Castle (laptop 2026-11-24)"]);
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
});

Deno.test("copyWorldAs() copies from an absolute folder outside the pack", async () => {
  const pack = await makePack();
  const restored = await makePack();
  try {
    const result = await copyWorldAs(pack, join(restored, "saves/Castle"), "Castle (pc 2026-11-24)", "Cloud");
    assert.equal((await readLevelDat(join(pack, result.folder, "level.dat")))?.levelName, "Cloud");
  } finally {
    await Deno.remove(pack, { recursive: true });
    await Deno.remove(restored, { recursive: true });
  }
});

Deno.test("copyWorldAs() refuses to overwrite an existing folder or use an unsafe name", async () => {
  const pack = await makePack();
  try {
    await Deno.mkdir(join(pack, "saves/Taken"));
    await Deno.writeTextFile(join(pack, "saves/Taken/keep.txt"), "mine");
    await assert.rejects(
      () => copyWorldAs(pack, "saves/Castle", "Taken", "X"),
      /"saves\/Taken" already exists/,
    );
    assert.equal(await Deno.readTextFile(join(pack, "saves/Taken/keep.txt")), "mine");
    await assert.rejects(
      () => copyWorldAs(pack, "saves/Castle", "../escape", "X"),
      /not a valid world folder/,
    );
    await assert.rejects(() => copyWorldAs(pack, "saves/Castle", "..", "X"), /not a valid world folder/);
    await assert.rejects(() => copyWorldAs(pack, "saves/Castle", "Dots...", "X"), /not a valid world folder/);
    assert.deepEqual(
      [...await existingWorldFolders(pack)].sort(),
      ["Castle", "Taken"],
      "no temp folder is left",
    );
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
});
