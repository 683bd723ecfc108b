/**
 * The chaos run in the suite: a fixed seed list, bounded so it takes a few minutes on 2 cores (longer
 * runs: `deno task chaos --ops 2000`). Plus two checks that the oracle is not vacuous: it flags a run
 * that destroys a file no snapshot holds, and the case of docs/reliability.md (a world played after a killed
 * restore) fails unless that fix is in.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { LINUX_PROCESS_GROUPS } from "../faults/harness.ts";
import { Cluster } from "./cluster.ts";
import { describeOp, generateOps, type Op } from "./ops.ts";
import { Oracle, OracleFailure } from "./oracle.ts";
import { play } from "./play.ts";
import { sync } from "./steps.ts";
import { runChaos } from "./run.ts";

/** Seeds and sizes of the bounded run; README ("Chaos testing") records what longer runs passed. */
const SUITE = [
  { seed: 101, mode: "rest", ops: 30 },
  { seed: 202, mode: "local", ops: 25 },
] as const;

for (const { seed, mode, ops: count } of SUITE) {
  Deno.test({
    name: `chaos seed ${seed} (${mode}, ${count} operations over 3 computers) keeps every invariant`,
    ignore: LINUX_PROCESS_GROUPS,
  }, async () => {
    const ops = generateOps({ seed, ops: count, machines: 3, server: mode === "rest" });
    const r = await runChaos({ mode, machines: 3, ops });
    const outcomes = [...r.outcomes].sort().map(([k, n]) => `${k} ×${n}`).join(", ");
    console.log(
      `chaos: seed ${seed} ${mode}: ${ops.length} operations, ${r.killsLanded} kills landed; ${outcomes}`,
    );
    assert.equal(
      r.failure,
      null,
      `chaos seed ${seed} failed at operation ${(r.failedAt ?? 0) + 1} (${
        describeOp(ops[r.failedAt!] ?? ops[0])
      }): ` +
        `${r.failure?.message}\nreplay: deno task chaos --seed ${seed} --ops ${count} --mode ${mode}`,
    );
  });
}

Deno.test("the chaos oracle flags a sync run that destroys a file no snapshot holds", async () => {
  const cluster = await Cluster.create("local", 1);
  try {
    await cluster.init();
    const [m] = cluster.machines;
    await play(m.pack, 1, m.host, "World");
    const oracle = new Oracle(cluster);
    const destroy = async () => {
      await Deno.remove(join(m.pack, "saves/World/level.dat"));
      return { code: 0, killed: false, stderr: "" };
    };
    await assert.rejects(
      oracle.observe(m, "pull", destroy),
      (e) => e instanceof OracleFailure && e.check === "I1 lost data" && e.message.includes("level.dat"),
    );
  } finally {
    await cluster.dispose();
  }
});

Deno.test("the chaos oracle flags a pull that does not warn of another computer's unsynced play", async () => {
  const cluster = await Cluster.create("local", 2);
  try {
    await cluster.init();
    const [a, b] = cluster.machines;
    await play(a.pack, 1, a.host, "World");
    const oracle = new Oracle(cluster);
    await sync(cluster, oracle, a, "push", ["push"]);
    await sync(cluster, oracle, b, "pull", ["pull"]);
    await sync(cluster, oracle, a, "pull", ["pull"]); // a launches and does not push
    // b's pull with the events taken away: what a pull that read no record would print.
    const silent = async () => {
      const r = await cluster.cli(b, ["pull"]);
      return {
        code: r.code,
        killed: r.killed,
        outcome: r.summary?.outcome,
        stderr: r.stderr,
        playingElsewhere: [],
      };
    };
    await assert.rejects(
      oracle.observe(b, "pull", silent),
      (e) => e instanceof OracleFailure && e.check === "warning missing" && e.message.includes(a.host),
    );
    // The real pull warns, so the oracle lets it through.
    const warned = await sync(cluster, oracle, b, "pull", ["pull"]);
    assert.deepEqual(warned.playingElsewhere, [a.host]);
  } finally {
    await cluster.dispose();
  }
});

Deno.test({
  name: "chaos: a world played after a pull killed mid-restore survives the pull that finishes it",
  ignore: LINUX_PROCESS_GROUPS,
}, async () => {
  const ops: Op[] = [
    { kind: "play", m: 0, seed: 11 },
    { kind: "push", m: 0 },
    { kind: "kill", m: 1, target: "pull", afterMs: 0, group: true, step: "restore:restored" },
    { kind: "play", m: 1, seed: 12 },
    { kind: "pull", m: 1, policy: "abort" },
  ];
  const r = await runChaos({ mode: "local", machines: 2, ops });
  assert.equal(r.failure, null, `failed at operation ${(r.failedAt ?? 0) + 1}: ${r.failure?.message}`);
  assert.equal(r.killsLanded, 1, "the pull was killed at its journal step");
});
