/**
 * The world time machine against a real rest-server (append-only, private repos) and the real restic:
 * two computers push sessions that change different worlds, then one world's timeline is listed and one
 * world is brought back, in place or as a copy, while every other world stays byte for byte.
 * World names carry spaces, a comma, brackets (restic pattern syntax) and non-ASCII text.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { UsageError } from "../../../core/errors.ts";
import { backupScope } from "../../../core/sync/backup.ts";
import { history } from "../../../core/sync/info.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { worldHistory } from "../../../core/sync/worldHistory.ts";
import { restoreWorld } from "../../../core/sync/worldRestore.ts";
import { readLevelDat } from "../../../core/worlds/levelDat.ts";
import { hashTree } from "../../faults/harness.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { Machine, writeWorldLevel } from "../sync/world.ts";

const BASE = "My Base";
const SKY = "Skyblock ☁️ 日本";
const HARD = "Hard,core [1]";
const T0 = Date.parse("2026-11-20T18:00:00Z");

const level = writeWorldLevel;

/** Three pushes from two computers, each changing different worlds. */
async function threeSessions() {
  const server = await startRestServer({ users: { player: "tm-secret" } });
  const spy = await resticSpy(await Deno.makeTempDir({ prefix: "is-tm-spy-" }));
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  const id = await a.init(server.url, { id: "player", password: "tm-secret" });
  await b.init(server.url, { id: "player", password: "tm-secret" }, id);
  const opts = (m: Machine) => m.options({ skipGameCheck: true });

  await level(a, BASE, T0);
  await level(a, SKY, T0 + 1000, "1.21.1");
  await a.write({ [`saves/${BASE}/region/r.0.0.mca`]: "base v1", "options.txt": "fov:70" });
  const p1 = await push(opts(a));
  await level(a, BASE, T0 + 60_000);
  await a.write({ [`saves/${BASE}/region/r.1.0.mca`]: "new chunks" });
  const p2 = await push(opts(a));
  assert.equal((await pull(opts(b))).outcome, "restored");
  await level(b, SKY, T0 + 120_000, "1.21.4");
  await level(b, HARD, T0 + 130_000);
  await b.write({ [`saves/${HARD}/region/r.0.0.mca`]: "hardcore" });
  const p3 = await push(opts(b));
  assert.equal((await pull(opts(a))).outcome, "restored");
  return { server, spy, a, b, opts, ids: [p1.snapshot!, p2.snapshot!, p3.snapshot!] };
}

Deno.test("time machine (rest-server): history --world lists each world's own snapshots with last played and version", async () => {
  const { server, a, opts, ids: [p1, p2, p3] } = await threeSessions();
  try {
    const base = (await worldHistory(opts(a), BASE))!;
    assert.equal(base.folder, `saves/${BASE}`);
    assert.deepEqual(base.versions.map((v) => [v.id, v.change]), [[p2, "changed"], [p1, "added"]]);
    assert.equal(base.versions[0].lastPlayed, T0 + 60_000);
    assert.equal(base.versions[0].version, "1.21.4");
    assert.equal(base.versions[0].host, "pc-a");

    const sky = (await worldHistory(opts(a), `saves/${SKY}`))!;
    assert.deepEqual(sky.versions.map((v) => [v.id, v.change, v.host]), [
      [p3, "changed", "pc-b"],
      [p1, "added", "pc-a"],
    ]);
    assert.deepEqual(sky.versions.map((v) => v.version), ["1.21.4", "1.21.1"]);

    // the in-game name, in another case, finds the folder too
    const hard = (await worldHistory(opts(a), "hard,CORE [1]"))!;
    assert.deepEqual(hard.versions.map((v) => [v.id, v.change]), [[p3, "added"]]);
    assert.ok(hard.versions[0].bytes! > 0);

    const all = (await history(opts(a)))!;
    assert.deepEqual(
      all.map((e) => e.worlds.map((w) => `${w.change} ${w.folder}`)),
      [
        [`added saves/${HARD}`, `changed saves/${SKY}`],
        [`changed saves/${BASE}`],
        [`added saves/${BASE}`, `added saves/${SKY}`],
      ],
    );
    const err = await worldHistory(opts(a), "Nether Hub").catch((e) => e);
    assert.ok(
      err instanceof UsageError && /--world "Nether Hub" is not a world/.test(err.message),
      String(err),
    );
  } finally {
    await server[Symbol.asyncDispose]();
  }
});

Deno.test("time machine (rest-server): restoring one world in place leaves every other file as it was", async () => {
  const { server, a, b, opts, ids: [p1] } = await threeSessions();
  try {
    await a.write({
      [`saves/${BASE}/data/raids.dat`]: "played since",
      // a sibling whose name starts with the restored one's: neither restore nor cleanup may touch it
      [`saves/${BASE} 2/level.dat`]: "sibling",
    });
    const before = await hashTree(a.pack);
    const asked: string[] = [];
    const summary = await restoreWorld({
      ...opts(a),
      snapshot: p1.slice(0, 8),
      world: BASE,
      confirm: (q) => (asked.push(q), Promise.resolve(true)),
    });
    assert.equal(summary.outcome, "restored-world", a.reporter.text());
    assert.deepEqual(asked, [`Restore "${BASE}" over the current world?`]);
    const after = await hashTree(a.pack);
    for (const [path, hash] of before) {
      if (!path.startsWith(`saves/${BASE}/`)) assert.equal(after.get(path), hash, `${path} changed`);
    }
    for (const path of after.keys()) {
      if (!path.startsWith(`saves/${BASE}/`)) assert.ok(before.has(path), `${path} appeared`);
    }
    const tree = await a.tree();
    assert.equal(tree[`saves/${BASE}/region/r.0.0.mca`], "base v1");
    assert.equal(tree[`saves/${BASE}/region/r.1.0.mca`], undefined, "a file the snapshot lacks is removed");
    assert.equal(tree[`saves/${BASE}/data/raids.dat`], undefined);
    assert.equal((await readLevelDat(join(a.pack, "saves", BASE, "level.dat")))?.lastPlayed, T0);

    // the replaced world was saved first, and the restored one travels with the next push
    const side = (await history(opts(a)))!.find((e) => e.id === summary.details?.backup);
    assert.ok(side?.tags.includes("pre-restore"), "no pre-restore snapshot");
    assert.equal((await push(opts(a))).outcome, "pushed");
    assert.equal((await pull(opts(b))).outcome, "restored");
    assert.equal((await b.tree())[`saves/${BASE}/region/r.1.0.mca`], undefined);
  } finally {
    await server[Symbol.asyncDispose]();
  }
});

Deno.test("time machine (rest-server): a copy restore adds a renamed world and touches nothing else", async () => {
  const { server, a, opts, ids: [p1, , p3] } = await threeSessions();
  try {
    // what a copy restore killed midway leaves behind; the next one clears it
    await Deno.mkdir(join(a.pack, ".cloud-sync/world-copy-killed/saves"), { recursive: true });
    const before = await hashTree(a.pack);
    const summary = await restoreWorld({
      ...opts(a),
      snapshot: p1,
      world: SKY,
      asCopy: true,
      confirm: () => Promise.resolve(true),
    });
    const date = summary.details?.copy as string;
    assert.match(date, new RegExp(`^saves/${SKY} \\(\\d{4}-\\d\\d-\\d\\d\\)$`));
    const after = await hashTree(a.pack);
    for (const [path, hash] of before) assert.equal(after.get(path), hash, `${path} changed`);
    const copied = [...after.keys()].filter((p) => !before.has(p)).sort();
    assert.deepEqual(copied, [`${date}/level.dat`]);
    const info = await readLevelDat(join(a.pack, date, "level.dat"));
    assert.equal(info?.levelName, `${SKY} (${date.slice(-11, -1)})`);
    assert.equal(info?.versionName, "1.21.1", "the copy is the old version");

    // "[1]" is restic pattern syntax: the name must be matched literally
    const hard = await restoreWorld({
      ...opts(a),
      snapshot: p3,
      world: HARD,
      asCopy: true,
      confirm: () => Promise.resolve(true),
    });
    const hardCopy = hard.details?.copy as string;
    assert.equal((await a.tree())[`${hardCopy}/region/r.0.0.mca`], "hardcore");
    const entries = [];
    for await (const e of Deno.readDir(join(a.pack, ".cloud-sync"))) entries.push(e.name);
    assert.ok(!entries.some((n) => n.startsWith("world-copy-")), `temp folder left: ${entries}`);
  } finally {
    await server[Symbol.asyncDispose]();
  }
});

Deno.test("time machine (rest-server): snapshots without world tags are described from their listing once", async () => {
  const { server, spy, a, opts } = await threeSessions();
  // Listings are read in-process (no `restic ls`): count them where every caller gets them.
  const listed: string[] = [];
  const original = Instance.prototype.snapshotEntries;
  Instance.prototype.snapshotEntries = function (id: string) {
    listed.push(id);
    return original.call(this, id);
  };
  try {
    // A snapshot as a version before this feature made it: no world tags.
    await level(a, BASE, T0 + 999_000);
    const inst = (await Instance.open(opts(a)))!;
    const state = await inst.readState();
    const old = await backupScope(inst, state.base, state.base?.id ?? null);
    const lsCalls = async () => (await spy.calls()).filter((c) => c.startsWith("ls ")).length;
    const first = await lsCalls();
    const entry = (await history(opts(a)))!.find((e) => e.id === old.snapshotId)!;
    assert.deepEqual(entry.worlds.map((w) => [w.folder, w.change]), [[`saves/${BASE}`, "changed"]]);
    assert.ok(entry.worlds[0].lastPlayed! > 0, "last played comes from level.dat's time in the listing");
    assert.ok(listed.includes(old.snapshotId), "the old snapshot was listed");
    const described = listed.length;
    await history(opts(a));
    await worldHistory(opts(a), BASE);
    assert.equal(listed.length, described, "an old snapshot is listed only once");
    assert.equal(await lsCalls(), first, "read in-process: no restic ls");
  } finally {
    Instance.prototype.snapshotEntries = original;
    await server[Symbol.asyncDispose]();
  }
});

Deno.test("time machine (rest-server): a world the snapshot does not have is refused before anything changes", async () => {
  const { server, a, opts, ids: [p1] } = await threeSessions();
  try {
    const before = await hashTree(a.pack);
    const err = await restoreWorld({
      ...opts(a),
      snapshot: p1,
      world: HARD,
      confirm: () => Promise.resolve(true),
    }).catch((e) => e);
    assert.ok(err instanceof UsageError, String(err));
    assert.match(err.message, /has no world "Hard,core \[1\]"/);
    assert.deepEqual(await hashTree(a.pack), before);
  } finally {
    await server[Symbol.asyncDispose]();
  }
});
