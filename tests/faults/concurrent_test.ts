/**
 * Concurrency: two computers pushing the same instance at the same moment, and two runs started at
 * once on one computer's instance (I4: they never interleave).
 */
import assert from "node:assert/strict";
import { pull } from "../../core/sync/pull.ts";
import { push } from "../../core/sync/push.ts";
import { headOf } from "../../core/sync/history.ts";
import { readState } from "../../core/sync/state.ts";
import { instancePaths } from "../../core/config/paths.ts";
import { parseSnapshots } from "../../core/restic/snapshot.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { Machine } from "../core/sync/world.ts";
import {
  applyFiles,
  assertRecovered,
  type Clone,
  hashTree,
  LINUX_PROCESS_GROUPS,
  outcomeOf,
  randomBytes,
  Repo,
  runDriver,
  USER,
  versions,
} from "./harness.ts";

const ROUNDS = 2;

async function asClone(m: Machine, repo: Repo): Promise<Clone> {
  return {
    pack: m.pack,
    repo,
    host: m.host,
    snapshotsBefore: await repo.snapshotIds(),
    versionsBefore: versions(await hashTree(m.pack)),
    cleanup: async () => {},
  };
}

Deno.test(
  "two computers pushing at once both land in history, one becomes head, the other gets a conflict and loses nothing",
  {
    ignore: LINUX_PROCESS_GROUPS,
  },
  async (t) => {
    await using server = await startRestServer({ users: { [USER.id]: USER.password } });
    for (let round = 1; round <= ROUNDS; round++) {
      await t.step(`round ${round}`, async () => {
        const a = await Machine.create("pc-a", testResticPath());
        const b = await Machine.create("pc-b", testResticPath());
        const id = await a.init(server.url, USER);
        await b.init(server.url, USER, id);
        await applyFiles(a.pack, {
          "saves/W/level.dat": "v1",
          "saves/W/region/r.0.0.mca": randomBytes(1 << 20),
        });
        assert.equal((await push(a.options())).outcome, "pushed");
        assert.equal((await pull(b.options())).outcome, "restored");
        await applyFiles(a.pack, {
          "saves/W/level.dat": "played on a",
          "saves/W/region/r.1.0.mca": randomBytes(1 << 20),
        });
        await applyFiles(b.pack, { "saves/W/level.dat": "played on b", "options.txt": "fov:100" });

        const repo = new Repo(server, id, await Deno.makeTempDir({ prefix: "is-fault-cache-" }));
        const [ca, cb] = [await asClone(a, repo), await asClone(b, repo)];
        const [ra, rb] = await Promise.all([runDriver(ca, { op: "push" }), runDriver(cb, { op: "push" })]);
        assert.equal(ra.code, 0, ra.stderr);
        assert.equal(rb.code, 0, rb.stderr);
        const snaps = parseSnapshots((await repo.restic(["snapshots", "--json"])).out);
        assert.equal(snaps.length, 3, "both sessions are in history");
        const baseA = (await readState(instancePaths(a.pack))).base!.id;
        const baseB = (await readState(instancePaths(b.pack))).base!.id;
        assert.ok(snaps.some((s) => s.id === baseA) && snaps.some((s) => s.id === baseB));
        const head = headOf(snaps)!;
        assert.ok(head.id === baseA || head.id === baseB, "head is one of the two sessions");
        const [winner, loser] = head.id === baseA ? [ca, cb] : [cb, ca];

        const w = await runDriver(winner, { op: "pull" });
        assert.equal(w.code, 0, w.stderr);
        const loserTree = await hashTree(loser.pack);
        const l = await runDriver(loser, { op: "pull" });
        assert.equal(l.code, 3, `the other computer's pull must report the conflict: ${l.stdout}${l.stderr}`);
        assert.match(l.stderr, /conflict|both changed/i);
        assert.deepEqual(await hashTree(loser.pack), loserTree, "an aborted pull changes nothing");

        const resolved = await runDriver(loser, { op: "pull", onConflict: "use-cloud" });
        assert.equal(resolved.code, 0, resolved.stderr);
        await assertRecovered(loser, `round ${round}: the losing computer after use-cloud`);
        await assertRecovered(winner, `round ${round}: the winning computer`);
      });
    }
    console.log(`faults: concurrent pushes: ${ROUNDS} rounds of two computers pushing at once`);
  },
);

Deno.test("a push and a pull started at once on one instance never interleave", {
  ignore: LINUX_PROCESS_GROUPS,
}, async () => {
  await using server = await startRestServer({ users: { [USER.id]: USER.password } });
  const a = await Machine.create("pc-a", testResticPath());
  const b = await Machine.create("pc-b", testResticPath());
  const id = await a.init(server.url, USER);
  await b.init(server.url, USER, id);
  await applyFiles(a.pack, { "saves/W/level.dat": "v1" });
  await push(a.options());
  await pull(b.options());
  await applyFiles(a.pack, { "saves/W/level.dat": "v2", "saves/W/region/r.0.0.mca": randomBytes(1 << 20) });
  await push(a.options());
  await applyFiles(b.pack, { "screenshots/new.png": randomBytes(1000) });

  const repo = new Repo(server, id, await Deno.makeTempDir({ prefix: "is-fault-cache-" }));
  const cb = await asClone(b, repo);
  // pull and push of the same computer at once; a short lock wait makes the loser report exit 4.
  const [p, q] = await Promise.all([
    runDriver(cb, { op: "pull", onConflict: "use-cloud", lockWaitMs: 0 }),
    runDriver(cb, { op: "push", lockWaitMs: 0 }),
  ]);
  const codes = [p.code, q.code].sort();
  assert.ok(codes[0] === 0, `neither run succeeded: ${p.stderr}\n${q.stderr}`);
  assert.ok(codes[1] === 0 || codes[1] === 4, `unexpected exit ${codes[1]}: ${p.stderr}\n${q.stderr}`);
  if (codes[1] === 4) assert.match(p.stderr + q.stderr, /holds .*lock/);
  const again = await runDriver(cb, { op: "pull", onConflict: "use-cloud" });
  assert.equal(again.code, 0, again.stderr);
  await runDriver(cb, { op: "push" });
  await assertRecovered(cb, "after a pull and a push raced");
  console.log(
    `faults: one instance, pull and push at once: exits ${p.code}/${q.code} (${outcomeOf(p)}, ${
      outcomeOf(q)
    })`,
  );
});
