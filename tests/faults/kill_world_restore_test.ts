/**
 * A world restore killed (SIGKILL, in a separate process) at each step of its journal is completed by
 * the next pull: the world is the snapshot's, files the snapshot lacks are gone, and every other world
 * is as it was. Against a real rest-server (append-only, private repos) and the real restic.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { instancePaths } from "../../core/config/paths.ts";
import { UsageError } from "../../core/errors.ts";
import { pull } from "../../core/sync/pull.ts";
import { push } from "../../core/sync/push.ts";
import { readState } from "../../core/sync/state.ts";
import { status } from "../../core/sync/info.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { Machine } from "../core/sync/world.ts";
import { hashTree, Repo, runDriver, USER } from "./harness.ts";

const CAMP = "Base Camp ⛺";

for (const killAt of ["restore:journaled", "restore:restored", "restore:cleaned"]) {
  Deno.test(`a world restore killed at ${killAt} is completed by the next pull`, async () => {
    const server = await startRestServer({ users: { [USER.id]: USER.password } });
    try {
      const a = await Machine.create("pc-a", testResticPath());
      const id = await a.init(server.url, USER);
      const opts = () => a.options({ skipGameCheck: true, lockWaitMs: 10_000 });
      await a.write({
        [`saves/${CAMP}/level.dat`]: "camp v1",
        [`saves/${CAMP}/region/r.0.0.mca`]: "camp chunks v1",
        "saves/Other/level.dat": "other v1",
      });
      const p1 = (await push(opts())).snapshot!;
      await a.write({
        [`saves/${CAMP}/level.dat`]: "camp v2",
        [`saves/${CAMP}/region/r.5.5.mca`]: "built later",
        "saves/Other/level.dat": "other v2",
        "options.txt": "fov:90",
      });
      await push(opts());
      const before = await hashTree(a.pack);

      const repo = new Repo(server, id, await Deno.makeTempDir({ prefix: "is-kwr-cache-" }));
      const run = await runDriver(
        { pack: a.pack, repo, host: "pc-a" },
        { op: "restore-world", snapshot: p1, world: CAMP },
        { killAt },
      );
      assert.ok(run.killed, `the run was not killed at ${killAt}: ${run.stderr}`);
      const journal = await readState(instancePaths(a.pack));
      assert.equal(journal.pending?.world, `saves/${CAMP}`, "the kill left no world journal");
      const refused = await push(opts()).catch((e) => e);
      assert.ok(refused instanceof UsageError, "push must not upload a half-restored world");
      const report = await status(opts());
      assert.equal(report.interruptedRestore?.world, `saves/${CAMP}`, "status names the world");
      assert.deepEqual(report.interruptedRestore?.laterChanges, [], "nothing was played since the kill");

      await pull(opts());
      const after = await hashTree(a.pack);
      const tree = await a.tree();
      assert.equal(tree[`saves/${CAMP}/level.dat`], "camp v1");
      assert.equal(tree[`saves/${CAMP}/region/r.0.0.mca`], "camp chunks v1");
      assert.equal(tree[`saves/${CAMP}/region/r.5.5.mca`], undefined, "a file the snapshot lacks stays");
      for (const [path, hash] of before) {
        if (!path.startsWith(`saves/${CAMP}/`)) assert.equal(after.get(path), hash, `${path} changed`);
      }
      assert.equal((await readState(instancePaths(a.pack))).pending, null);
      assert.ok(
        await Deno.stat(join(a.pack, "saves", CAMP, "region")).then(() => true),
        "the world's folder structure is intact",
      );
    } finally {
      await server[Symbol.asyncDispose]();
    }
  });
}

Deno.test("a world played after its restore was killed is saved as a conflict-backup before the restore completes", async () => {
  const server = await startRestServer({ users: { [USER.id]: USER.password } });
  try {
    const a = await Machine.create("pc-a", testResticPath());
    const id = await a.init(server.url, USER);
    const opts = () => a.options({ skipGameCheck: true, lockWaitMs: 10_000 });
    await a.write({ [`saves/${CAMP}/level.dat`]: "camp v1", "saves/Other/level.dat": "other v1" });
    const p1 = (await push(opts())).snapshot!;
    await a.write({ [`saves/${CAMP}/level.dat`]: "camp v2" });
    await push(opts());
    const repo = new Repo(server, id, await Deno.makeTempDir({ prefix: "is-kwr-cache-" }));
    const run = await runDriver(
      { pack: a.pack, repo, host: "pc-a" },
      { op: "restore-world", snapshot: p1, world: CAMP },
      { killAt: "restore:restored" },
    );
    assert.ok(run.killed, run.stderr);
    // The player opens the half-restored world another way and plays on.
    await a.write({ [`saves/${CAMP}/level.dat`]: "played after the kill", "saves/Other/notes.txt": "new" });
    await pull(opts());
    assert.match(a.reporter.text(), /changed here after the restore was interrupted/);
    const tree = await a.tree();
    assert.equal(tree[`saves/${CAMP}/level.dat`], "camp v1");
    assert.equal(tree["saves/Other/notes.txt"], "new", "a file outside the world is never touched");
    const backups = await repo.restic(["snapshots", "--json", "--tag", "conflict-backup"]);
    const [backup] = JSON.parse(backups.out) as { id: string }[];
    assert.ok(backup, "no conflict-backup snapshot");
    const dump = await repo.restic(["dump", backup.id, `/saves/${CAMP}/level.dat`]);
    assert.equal(dump.out, "played after the kill");
  } finally {
    await server[Symbol.asyncDispose]();
  }
});
