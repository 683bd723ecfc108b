/**
 * The kill sweep shared by the push, pull and use-cloud fault suites: build a template once, measure
 * an undisturbed run, then kill a fresh clone at every journal step and at `timed` points spread over
 * the measured run, recover (pull, then push) and check the invariants.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pull } from "../../core/sync/pull.ts";
import { push } from "../../core/sync/push.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { Machine } from "../core/sync/world.ts";
import type { DriverOptions } from "./driver.ts";
import {
  applyFiles,
  assertRecovered,
  cloneTemplate,
  faultUsers,
  hashTree,
  LINUX_PROCESS_GROUPS,
  outcomeOf,
  randomBytes,
  runDriver,
  sweep,
  type Template,
  USER,
} from "./harness.ts";

const MB = 1024 * 1024;

/** Version 1 of the player's data: two worlds with region files, options, a screenshot. */
export function v1() {
  return {
    "saves/World/level.dat": "World level v1",
    "saves/World/region/r.0.0.mca": randomBytes(2 * MB),
    "saves/World/region/r.0.1.mca": randomBytes(2 * MB),
    "saves/World/region/r.1.0.mca": randomBytes(1 * MB),
    "saves/World/session.lock": "lock",
    "saves/Ünïcode Wörld ✨/level.dat": "second world v1",
    "options.txt": "fov:70\n",
    "screenshots/a.png": randomBytes(300_000),
    "mods/pack.jar": "out of scope",
  };
}

/** The session another computer played: changed, added and removed files. */
export function v2() {
  return {
    "saves/World/level.dat": "World level v2",
    "saves/World/region/r.0.0.mca": randomBytes(2 * MB),
    "saves/World/region/r.2.0.mca": randomBytes(1 * MB),
    "screenshots/a.png": null,
    "screenshots/b.png": randomBytes(200_000),
  };
}

/** This computer's own unsynced session (the conflicting side). */
export function v2b() {
  return {
    "saves/World/level.dat": "World level v2b (this computer)",
    "saves/World/region/r.0.1.mca": randomBytes(2 * MB),
    "saves/World/region/r.9.9.mca": randomBytes(MB / 2),
    "options.txt": "fov:90\n",
  };
}

export type Kind = "push" | "pull" | "use-cloud";

/**
 * - push: pc-a synced v1 and then played v2; the run under test uploads it.
 * - pull: pc-b synced v1; pc-a uploaded v2; the run under test fast-forwards pc-b.
 * - use-cloud: as pull, but pc-b also played (v2b); the run resolves the conflict with use-cloud.
 */
export async function buildTemplate(server: Template["server"], kind: Kind): Promise<Template> {
  const restic = testResticPath();
  const contents = new Map<string, Map<string, string>>();
  const a = await Machine.create("pc-a", restic);
  const id = await a.init(server.url, USER);
  await applyFiles(a.pack, v1());
  const s0 = await push(a.options());
  assert.equal(s0.outcome, "pushed", a.reporter.text());
  contents.set(s0.snapshot!, await hashTree(a.pack));
  if (kind === "push") {
    await applyFiles(a.pack, v2());
    return { server, pack: a.pack, instanceId: id, host: "pc-a", contents };
  }
  const b = await Machine.create("pc-b", restic);
  await b.init(server.url, USER, id);
  assert.equal((await pull(b.options())).outcome, "restored", b.reporter.text());
  await applyFiles(b.pack, { "mods/pack.jar": "pc-b's own mods" });
  await applyFiles(a.pack, v2());
  const s1 = await push(a.options());
  assert.equal(s1.outcome, "pushed", a.reporter.text());
  contents.set(s1.snapshot!, await hashTree(a.pack));
  if (kind === "use-cloud") await applyFiles(b.pack, v2b());
  return { server, pack: b.pack, instanceId: id, host: "pc-b", contents };
}

/** Journal steps each kind passes (core's `onStep` names). */
export const STEPS: Record<Kind, string[]> = {
  push: ["push:uploaded"],
  pull: ["restore:journaled", "restore:restored", "restore:cleaned", "restore:done"],
  "use-cloud": ["restore:journaled", "restore:restored", "restore:cleaned", "restore:done"],
};

/** Registers the kill sweep of one kind as a test with one step per kill point. */
export function defineKillSuite(kind: Kind, name: string, timed: number) {
  const op: DriverOptions = {
    op: kind === "push" ? "push" : "pull",
    onConflict: kind === "use-cloud" ? "use-cloud" : "abort",
  } as DriverOptions;
  Deno.test(name, { ignore: LINUX_PROCESS_GROUPS }, async (t) => {
    await using server = await startRestServer({ users: faultUsers() });
    const template = await buildTemplate(server, kind);

    const probe = await cloneTemplate(template);
    const undisturbed = await runDriver(probe, op);
    assert.equal(undisturbed.code, 0, undisturbed.stderr);
    await assertRecovered(probe, `${kind}: undisturbed run`);
    await probe.cleanup();

    const points = [
      ...STEPS[kind].map((killAt) => ({ killAt, label: `at step ${killAt}` })),
      // Even points cut power to the run and its restic; odd ones kill only the run, as a launcher does.
      ...sweep(undisturbed.ms, timed).map((ms, i) => ({
        killAfterMs: ms,
        onlyMain: i % 2 === 1,
        label: `after ${ms} ms${i % 2 === 1 ? " (its restic left running)" : ""}`,
      })),
    ];
    let killed = 0;
    for (const point of points) {
      await t.step(`${kind} killed ${point.label} recovers with nothing lost`, async () => {
        const clone = await cloneTemplate(template);
        try {
          const run = await runDriver(clone, op, point);
          if (run.killed) killed++;
          if ("killAt" in point) {
            assert.ok(run.killed, `the run never reached ${point.killAt}: ${run.stderr}`);
          } else assert.ok(run.killed || run.code === 0, `unkilled run failed: ${run.stderr}`);
          const what = `${kind} killed ${point.label}`;
          const again = await runDriver(clone, { ...op, op: "pull" });
          assert.equal(
            again.code,
            0,
            `${what}: the next pull failed (${outcomeOf(again)}):\n${again.stderr}`,
          );
          const pushed = await runDriver(clone, { ...op, op: "push" });
          assert.equal(pushed.code, 0, `${what}: the next push failed:\n${pushed.stderr}`);
          await assertRecovered(clone, what);
          const mods = await Deno.readTextFile(join(clone.pack, "mods/pack.jar"));
          assert.ok(mods.length > 0, "out-of-scope files are untouched");
        } finally {
          await clone.cleanup();
        }
      });
    }
    console.log(
      `faults: ${kind}: ${points.length} kill points (${
        STEPS[kind].length
      } journal steps, ${timed} timed over ` +
        `${Math.round(undisturbed.ms)} ms), ${killed} runs killed mid-way`,
    );
  });
}
