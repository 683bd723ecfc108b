/**
 * The server dies while a push uploads: the push must end quickly and say so (offline, or a failure),
 * never hang the launcher, and a later push must succeed on a repository that passes `restic check`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { push } from "../../core/sync/push.ts";
import { pull } from "../../core/sync/pull.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { Machine } from "../core/sync/world.ts";
import {
  applyFiles,
  assertRecovered,
  type Clone,
  hashTree,
  outcomeOf,
  randomBytes,
  Repo,
  runDriver,
  USER,
} from "./harness.ts";

Deno.test("a push whose server is killed mid-upload ends clearly, and a later push succeeds", async () => {
  await using server = await startRestServer({ users: { [USER.id]: USER.password } });
  const a = await Machine.create("pc-a", testResticPath());
  const id = await a.init(server.url, USER);
  await applyFiles(a.pack, { "saves/W/level.dat": "v1", "options.txt": "fov:70" });
  assert.equal((await push(a.options())).outcome, "pushed");
  const worlds: Record<string, Uint8Array> = {};
  for (let i = 0; i < 24; i++) worlds[`saves/W/region/r.${i}.0.mca`] = randomBytes(2 * 1024 * 1024);
  await applyFiles(a.pack, worlds);

  const repo = new Repo(server, id, await Deno.makeTempDir({ prefix: "is-fault-cache-" }));
  const clone: Clone = {
    pack: a.pack,
    repo,
    host: "pc-a",
    snapshotsBefore: await repo.snapshotIds(),
    versionsBefore: new Set([...(await hashTree(a.pack))].map(([p, h]) => `${p}@${h}`)),
    cleanup: async () => {},
  };
  const packsBefore = await countFiles(join(repo.dir, "data"));
  const running = runDriver(clone, { op: "push", stallTimeoutMs: 3000 });
  // Kill the server once the upload has visibly started (new pack files on its disk).
  const deadline = Date.now() + 20_000;
  while ((await countFiles(join(repo.dir, "data"))) === packsBefore && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await server.kill();
  const run = await running;
  console.log(
    `faults: server killed mid-upload: push exited ${run.code} (${outcomeOf(run)}) in ${
      Math.round(run.ms)
    } ms: ${run.stderr.trim()}`,
  );
  assert.ok(
    (run.code === 0 && outcomeOf(run) === "offline") || run.code === 1,
    `push neither went offline nor failed: ${run.code}\n${run.stdout}\n${run.stderr}`,
  );
  assert.ok(run.ms < 45_000, "the push hung the launcher");
  if (run.code === 1) assert.match(run.stderr, /reach|offline|connection|server/i);
  await assert.rejects(Deno.lstat(join(a.pack, ".cloud-sync/lock")), Deno.errors.NotFound);

  await server.restart();
  const again = await runDriver(clone, { op: "push" });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(outcomeOf(again), "pushed");
  await assertRecovered(clone, "after the server came back");

  const b = await Machine.create("pc-b", testResticPath());
  await b.init(server.url, USER, id);
  assert.equal((await pull(b.options())).outcome, "restored", b.reporter.text());
  assert.deepEqual(await hashTree(b.pack), await hashTree(a.pack));
});

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  const walk = async (d: string) => {
    try {
      for await (const e of Deno.readDir(d)) e.isDirectory ? await walk(join(d, e.name)) : n++;
    } catch { /* not there yet */ }
  };
  await walk(dir);
  return n;
}
