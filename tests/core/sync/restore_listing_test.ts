/**
 * A restore asks restic for a list of every item (`--verbose=2`) only when it cannot prove the folder
 * holds exactly the snapshot (docs/performance.md#decisions): the snapshot's summary counts its regular files and bytes, and
 * a folder that adds up to it after the restore holds nothing to remove. Anything else is listed, and
 * what the snapshot lacks is still removed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { holdsOnlySnapshot, snapshotSize } from "../../../core/sync/extraFiles.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import { markListed } from "../../../core/directory/open.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { skipIf } from "../../helpers/skip.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "listing-Secret-5" };

Deno.test("a folder proves to hold only the snapshot when its files and bytes add up to the summary", () => {
  const local = {
    "saves/W/level.dat": [10, 1] as [number, number],
    "options.txt": [5, 2] as [number, number],
  };
  assert.equal(holdsOnlySnapshot(local, { files: 2, bytes: 15 }), true);
  assert.equal(holdsOnlySnapshot({ ...local, "saves/W/old.dat": [0, 3] }, { files: 2, bytes: 15 }), false);
  assert.equal(holdsOnlySnapshot(local, { files: 2, bytes: 14 }), false, "same count, other bytes");
  assert.equal(holdsOnlySnapshot(local, { files: 3, bytes: 15 }), false, "a snapshot file not here");
  const snapshot = { id: "a", short_id: "a", time: "", host: "h", tags: [], paths: [] };
  assert.equal(snapshotSize({ ...snapshot, totalFiles: 2 }), undefined, "no bytes: nothing proven");
  assert.deepEqual(snapshotSize({ ...snapshot, totalFiles: 2, totalBytes: 15 }), { files: 2, bytes: 15 });
});

/** Two computers on a local repository, restic behind a spy; returns B's restic calls per pull. */
async function twoComputers(work: string) {
  const spy = await resticSpy(work);
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  const url = join(work, "repos");
  const id = await a.init(url, TOKEN);
  await b.init(url, TOKEN, id);
  for (const m of [a, b]) await markListed(instancePaths(m.pack));
  const env = (m: Machine) => ({ INSTANCE_SYNC_CACHE_DIR: join(work, `cache-${m.host}`) });
  return {
    a,
    b,
    push: async () => assert.match((await push(a.options({ env: env(a) }))).message, /uploaded snapshot/),
    /** B's pull: the restic calls it made, without the one-time `version`. */
    pull: async (): Promise<string[]> => {
      const seen = (await spy.calls()).length;
      await pull(b.options({ env: env(b) }));
      return (await spy.calls()).slice(seen).filter((c) => !c.startsWith("version"));
    },
    [Symbol.asyncDispose]: async () => {
      for (const m of [a, b]) await Deno.remove(m.pack, { recursive: true }).catch(() => {});
    },
  };
}

Deno.test("pulls that add and change files restore without restic's item list; a removal is still applied", async () => {
  await using tmp = await tempDir();
  await using c = await twoComputers(tmp.path);
  await c.a.write({
    "saves/W/level.dat": "v1",
    "saves/W/region/r.0.0.mca": "r".repeat(3000),
    "options.txt": "a",
  });
  await c.push();
  let calls = await c.pull();
  assert.equal(calls.length, 1, calls.join("\n"));
  assert.match(calls[0], /^restore /);
  assert.doesNotMatch(calls[0], /--verbose/, "a first pull into an empty folder lists nothing");
  assert.deepEqual(await c.b.tree(), await c.a.tree());

  await c.a.write({ "saves/W/level.dat": "v2, played", "saves/W/data/new.dat": "n" });
  await c.push();
  calls = await c.pull();
  assert.equal(calls.length, 1, calls.join("\n"));
  assert.doesNotMatch(calls[0], /--verbose/, "adds and changes prove themselves by the summary");
  assert.deepEqual(await c.b.tree(), await c.a.tree());

  await Deno.remove(join(c.a.pack, "saves/W/data/new.dat"));
  await c.a.write({ "saves/W/level.dat": "v3" });
  await c.push();
  calls = await c.pull();
  assert.deepEqual(calls.map((l) => l.split(" ")[0]), ["restore"], "the snapshot is listed in-process");
  assert.deepEqual(await c.b.tree(), await c.a.tree(), "the file removed on A is removed on B");
  assert.equal(Object.hasOwn(await c.b.tree(), "saves/W/data/new.dat"), false);
});

Deno.test({
  name: "a snapshot with a symlink does not add up to its summary, and is listed to find what to remove",
  ignore: skipIf(Deno.build.os === "windows", "symlink restore", "symlinks need privileges on Windows"),
  fn: async () => {
    await using tmp = await tempDir();
    await using c = await twoComputers(tmp.path);
    await c.a.write({ "saves/W/level.dat": "v1", "saves/W/gone.dat": "g" });
    await c.push();
    await c.pull();
    await Deno.remove(join(c.a.pack, "saves/W/gone.dat"));
    await Deno.symlink("level.dat", join(c.a.pack, "saves/W/link.dat"));
    await c.push();
    await c.pull();
    const b = await c.b.tree();
    assert.equal(
      Object.hasOwn(b, "saves/W/gone.dat"),
      false,
      "removed although the counts could not prove it",
    );
    assert.equal(await Deno.readLink(join(c.b.pack, "saves/W/link.dat")), "level.dat");
    assert.deepEqual(b, await c.a.tree());
  },
});
