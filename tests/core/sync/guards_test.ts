/** World guards (docs/contract.md#guards): each test fails without its guard. Local-folder repositories, real restic. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ConflictError, GameRunningError } from "../../../core/errors.ts";
import { history } from "../../../core/sync/info.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { readState } from "../../../core/sync/state.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import { readLevelDat, writeTestLevelDat } from "../../../core/worlds/levelDat.ts";
import { localDate } from "../../../core/worlds/keepBoth.ts";
import { describeConflictLines } from "../../../cli/ui/conflictText.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { FAKE_JAVA_POSIX_ONLY, startFakeJava } from "../../helpers/fakeJava.ts";
import { findRunningGame } from "../../../core/guards/gameRunning.ts";
import { skipIf } from "../../helpers/skip.ts";
import { Machine } from "./world.ts";

async function setup() {
  const dir = await Deno.makeTempDir({ prefix: "is-guard-" });
  const spy = await resticSpy(dir);
  const token = { id: "player", password: "pw" };
  const url = join(dir, "repos");
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  const id = await a.init(url, token);
  await b.init(url, token, id);
  return { a, b, url, token, id, spy };
}

const MANY = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`saves/W/region/r.${i}.mca`, `r${i}`]));

Deno.test("pull uploads local changes first when the last push never ran (catch-up push)", async () => {
  const { a, b } = await setup();
  await a.write({ "saves/W/level.dat": "v1" });
  await push(a.options());
  await pull(b.options());
  await b.write({ "saves/W/level.dat": "played on b, then the launcher crashed" });
  const r = await pull(b.options());
  assert.equal(r.outcome, "caught-up", b.reporter.text());
  assert.match(b.reporter.text(), /never uploaded/);
  assert.equal((await pull(a.options())).outcome, "restored");
  assert.equal((await a.tree())["saves/W/level.dat"], "played on b, then the launcher crashed");
});

Deno.test("push refuses to remove more than half of the synced files unless --allow-mass-delete", async () => {
  const { a } = await setup();
  await a.write({ ...MANY, "saves/W/level.dat": "x" });
  await push(a.options());
  for (let i = 0; i < 8; i++) await Deno.remove(join(a.pack, `saves/W/region/r.${i}.mca`));
  const before = (await history(a.options()))!.length;
  const err = await push(a.options()).catch((e) => e);
  assert.ok(err instanceof ConflictError, String(err));
  assert.equal(err.exitCode, 3);
  assert.match(err.message, /remove 8 of 11 synced files.*--allow-mass-delete/);
  assert.equal((await history(a.options()))!.length, before, "nothing uploaded");
  assert.equal((await push(a.options({ allowMassDelete: true }))).outcome, "pushed");
});

Deno.test("push refuses when every world is gone, even if few files are removed", async () => {
  const { a } = await setup();
  await a.write({
    "saves/W/level.dat": "x",
    ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`screenshots/${i}.png`, "p"])),
  });
  await push(a.options());
  await Deno.remove(join(a.pack, "saves"), { recursive: true });
  const err = await push(a.options()).catch((e) => e);
  assert.ok(err instanceof ConflictError, String(err));
  assert.match(err.message, /"W"|saves\/W|world/);
});

Deno.test("a machine that never synced and has nearly nothing cannot replace the cloud's history", async () => {
  const { a, b } = await setup();
  await a.write({ ...MANY, "saves/W/level.dat": "x" });
  await push(a.options());
  await b.write({ "options.txt": "fresh install" });
  const err = await push(b.options()).catch((e) => e);
  assert.ok(err instanceof ConflictError, String(err));
  assert.match(err.message, /never synced/);
  const entries = (await history(a.options()))!;
  assert.equal(entries.length, 1);
});

Deno.test("pull refuses a cloud version that would delete most local files unless allowed", async () => {
  const { a, b } = await setup();
  await a.write({ ...MANY, "saves/W/level.dat": "x" });
  await push(a.options());
  await pull(b.options());
  for (let i = 0; i < 9; i++) await Deno.remove(join(a.pack, `saves/W/region/r.${i}.mca`));
  await push(a.options({ allowMassDelete: true }));
  const before = await b.tree();
  const err = await pull(b.options()).catch((e) => e);
  assert.ok(err instanceof ConflictError, String(err));
  assert.equal(err.exitCode, 3);
  assert.deepEqual(await b.tree(), before, "nothing deleted");
  assert.equal((await pull(b.options({ allowMassDelete: true }))).outcome, "restored");
  assert.deepEqual(await b.tree(), await a.tree());
});

Deno.test({
  name: "push and pull refuse with exit 6 while java plays the pack folder (--gameDir), then go ahead",
  ignore: skipIf(Deno.build.os === "windows", "running-game guard with a real process", FAKE_JAVA_POSIX_ONLY),
  fn: async () => {
    const { a } = await setup();
    await a.write({ "saves/W/level.dat": "x" });
    const elsewhere = await Deno.makeTempDir();
    {
      // As a launcher starts it: the working folder need not be the pack; --gameDir names it.
      await using _game = await startFakeJava(elsewhere, elsewhere, ["--gameDir", a.pack, "--width", "854"]);
      for (let i = 0; i < 100 && !(await findRunningGame(a.pack)); i++) {
        await new Promise((r) => setTimeout(r, 30)); // until the process has exec'd
      }
      for (const run of [push, pull]) {
        const err = await run(a.options()).catch((e) => e);
        assert.ok(err instanceof GameRunningError, String(err));
        assert.equal(err.exitCode, 6);
        assert.match(err.message, /Minecraft is running on this instance/);
      }
    }
    assert.equal((await push(a.options())).outcome, "pushed");
  },
});

async function worldConflict() {
  const s = await setup();
  const { a, b } = s;
  const level = (name: string, lastPlayed: number) => ({
    levelName: name,
    lastPlayed,
    versionName: "1.21.1",
    dataVersion: 3955,
  });
  await writeTestLevelDat(join(a.pack, "saves/Survival/level.dat"), level("Survival", 1_700_000_000_000));
  await a.write({
    "saves/Survival/region/r.0.0.mca": "base",
    "saves/Other/level.dat": "x",
    "options.txt": "o",
  });
  await push(a.options());
  await pull(b.options());
  await writeTestLevelDat(join(a.pack, "saves/Survival/level.dat"), level("Survival", 1_800_000_000_000));
  await a.write({ "saves/Survival/region/r.0.0.mca": "a's progress" });
  await push(a.options());
  await writeTestLevelDat(join(b.pack, "saves/Survival/level.dat"), level("Survival", 1_790_000_000_000));
  await b.write({ "saves/Survival/region/r.0.0.mca": "b's progress" });
  return s;
}

Deno.test("the conflict description and headless message show each world with both sides", async () => {
  const { b } = await worldConflict();
  await pull(b.options()).catch(() => {});
  const d = b.reporter.conflicts[0];
  assert.equal(d.worlds.length, 1);
  const w = d.worlds[0];
  assert.equal(w.folder, "saves/Survival");
  assert.equal(w.local?.lastPlayed, 1_790_000_000_000);
  assert.equal(w.cloud?.lastPlayed, 1_800_000_000_000);
  assert.equal(w.cloud?.versionName, "1.21.1");
  const text = describeConflictLines(d).join("\n");
  assert.match(text, /world "Survival" — pc-b: played .*1\.21\.1.*; pc-a: played/);
});

Deno.test("keep-both keeps the cloud's world and this computer's as a renamed, playable copy", async () => {
  const { a, b } = await worldConflict();
  const r = await pull(b.options({ onConflict: "keep-both" }));
  assert.equal(r.outcome, "merged", b.reporter.text());
  const copyName = `Survival (pc-b ${localDate(new Date(1_790_000_000_000))})`;
  const tree = await b.tree();
  assert.equal(tree["saves/Survival/region/r.0.0.mca"], "a's progress");
  assert.equal(tree[`saves/${copyName}/region/r.0.0.mca`], "b's progress");
  const copy = await readLevelDat(join(b.pack, "saves", copyName, "level.dat"));
  assert.ok(copy?.levelName.startsWith("Survival (pc-b"), copy?.levelName);
  assert.ok(!(await Deno.stat(join(b.pack, ".cloud-sync/stash")).catch(() => null)), "stash removed");
  assert.equal((await push(b.options())).outcome, "pushed");
  assert.equal((await pull(a.options())).outcome, "restored");
  assert.equal((await a.tree())[`saves/${copyName}/region/r.0.0.mca`], "b's progress");
});

Deno.test("keep-both interrupted after the restore is completed by the next pull, copy included", async () => {
  const { b } = await worldConflict();
  const crash = new Error("kill");
  const err = await pull(b.options({
    onConflict: "keep-both",
    onStep: (s) => {
      if (s === "restore:merged") throw crash;
    },
  })).catch((e) => e);
  assert.equal(err, crash);
  assert.ok((await readState(instancePaths(b.pack))).pending?.merge?.length);
  await pull(b.options());
  const tree = await b.tree();
  const copies = Object.keys(tree).filter((p) =>
    p.startsWith("saves/Survival (pc-b") && p.endsWith("r.0.0.mca")
  );
  assert.equal(copies.length, 1, JSON.stringify(Object.keys(tree)));
  assert.equal(tree[copies[0]], "b's progress");
  assert.equal((await readState(instancePaths(b.pack))).pending, null);
});

Deno.test("a per-world answer can keep this computer's version of one world", async () => {
  const { b } = await worldConflict();
  const r = await pull(b.options({
    onConflict: "ask",
    prompter: {
      chooseConflict: () => Promise.resolve({ worlds: { "saves/Survival": "local" } }),
      confirmForkPush: () => Promise.resolve(true),
      confirm: () => Promise.resolve(true),
      confirmPlayingElsewhere: () => Promise.resolve("play"),
      login: () => Promise.reject(new Error("no")),
    },
  }));
  assert.equal(r.outcome, "merged");
  assert.equal((await b.tree())["saves/Survival/region/r.0.0.mca"], "b's progress");
  assert.equal((await push(b.options())).outcome, "pushed");
});
