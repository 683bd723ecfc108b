/**
 * Side copies (`conflict-backup`, `pre-restore`) carry the world tags a push would, relative to their
 * parent (the base they were made from), against a real rest-server and the real restic: `history` and
 * `history --world` describe them without a `restic ls`, and say what their listing would say.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { snapshotManifest } from "../../../core/sync/conflict.ts";
import { findById, parentOf } from "../../../core/sync/history.ts";
import { history } from "../../../core/sync/info.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { restoreSnapshot } from "../../../core/sync/rollback.ts";
import { worldHistory } from "../../../core/sync/worldHistory.ts";
import { diffPrints, worldPrints } from "../../../core/worlds/changes.ts";
import { parseWorldTags } from "../../../core/worlds/tags.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { Machine, writeWorldLevel } from "../sync/world.ts";

const BASE = "My Base";
const SKY = "Skyblock ☁️ 日本";
const NEW = "Fresh, new";
const T0 = Date.parse("2026-11-20T18:00:00Z");

const level = writeWorldLevel;

/** The world changes of `id` worked out from its listing and its parent's, as for an untagged snapshot. */
async function fromListing(m: Machine, id: string): Promise<string[]> {
  const inst = (await Instance.open(m.options({ skipGameCheck: true })))!;
  const snapshots = await inst.snapshots();
  const parentId = parentOf(findById(snapshots, id)!);
  const parent = parentId ? findById(snapshots, parentId)! : null;
  const prints = async (sid: string) => worldPrints(await snapshotManifest(inst, sid));
  return diffPrints(parent ? await prints(parent.id) : null, await prints(id)).map((r) =>
    `${r.change} ${r.folder}`
  );
}

/** A and B share BASE and SKY; A then changes BASE and pushes, while B changes SKY and adds NEW. */
async function divergedMachines() {
  const server = await startRestServer({ users: { player: "side-secret" } });
  const spy = await resticSpy(await Deno.makeTempDir({ prefix: "is-side-spy-" }));
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  const id = await a.init(server.url, { id: "player", password: "side-secret" });
  await b.init(server.url, { id: "player", password: "side-secret" }, id);
  const opts = (m: Machine, extra = {}) => m.options({ skipGameCheck: true, ...extra });

  await level(a, BASE, T0);
  await level(a, SKY, T0 + 1000, "1.21.1");
  await a.write({ [`saves/${BASE}/region/r.0.0.mca`]: "base v1", "options.txt": "fov:70" });
  const p1 = (await push(opts(a))).snapshot!;
  assert.equal((await pull(opts(b))).outcome, "restored");

  await level(a, BASE, T0 + 60_000);
  await a.write({ [`saves/${BASE}/region/r.1.0.mca`]: "new chunks" });
  const p2 = (await push(opts(a))).snapshot!;

  await level(b, SKY, T0 + 120_000, "1.21.4");
  await b.write({
    [`saves/${SKY}/region/r.0.0.mca`]: "sky island",
    [`saves/${NEW}/region/r.0.0.mca`]: "new",
  });
  await level(b, NEW, T0 + 130_000);
  return { server, spy, a, b, opts, p1, p2 };
}

Deno.test("side copies (rest-server): a use-cloud conflict-backup is in history --world from its tags, with no restic ls", async () => {
  const { server, spy, a, b, opts, p1, p2 } = await divergedMachines();
  try {
    const summary = await pull(opts(b, { onConflict: "use-cloud" }));
    assert.equal(summary.outcome, "used-cloud", b.reporter.text());
    const side = summary.details?.backup as string;
    assert.ok(side, "a conflict-backup was saved");

    const lsCalls = async () => (await spy.calls()).filter((c) => c.startsWith("ls ")).length;
    const before = await lsCalls();
    const all = (await history(opts(b)))!;
    const entry = all.find((e) => e.id === side)!;
    assert.ok(entry.sideCopy && entry.tags.includes("conflict-backup"));
    assert.equal(entry.parent, p1.slice(0, 8), "the side copy's parent is the base it was made from");
    assert.deepEqual(entry.worlds.map((w) => `${w.change} ${w.folder}`), [
      `added saves/${NEW}`,
      `changed saves/${SKY}`,
    ]);

    const sky = (await worldHistory(opts(b), SKY))!;
    assert.deepEqual(sky.versions.map((v) => [v.id, v.change, v.host]), [
      [side, "changed", "pc-b"],
      [p1, "added", "pc-a"],
    ]);
    assert.equal(sky.versions[0].lastPlayed, T0 + 120_000, "last played from B's level.dat");
    assert.equal(sky.versions[0].version, "1.21.4");
    assert.ok(sky.versions[0].bytes! > 0);
    const base = (await worldHistory(opts(b), BASE))!;
    assert.deepEqual(base.versions.map((v) => v.id), [p2, p1], "B did not change BASE: no side copy there");
    const fresh = await worldHistory(opts(b), `saves/${NEW}`);
    assert.deepEqual(fresh?.versions.map((v) => [v.id, v.change]), [[side, "added"]]);
    assert.equal(await lsCalls(), before, "history and history --world started no restic ls");

    // and the tags say what the listing says (the interpretation relative to the parent)
    const tagged = parseWorldTags(entry.tags)!.map((r) => `${r.change} ${r.folder}`);
    assert.deepEqual(tagged, await fromListing(a, side));
  } finally {
    await server[Symbol.asyncDispose]();
  }
});

Deno.test("side copies (rest-server): a rollback's pre-restore copy records the worlds changed since the base; the push superseding the head is described from its listing", async () => {
  const { server, spy, b, opts, p1, p2 } = await divergedMachines();
  try {
    // B removes BASE too: the side copy records a removal
    await Deno.remove(join(b.pack, "saves", BASE), { recursive: true });
    const summary = await restoreSnapshot({ ...opts(b), snapshot: p1, confirm: () => Promise.resolve(true) });
    assert.equal(summary.outcome, "restored", b.reporter.text());
    const side = summary.details?.backup as string;
    assert.ok(side, "a pre-restore copy was saved");
    const lsCalls = async () => (await spy.calls()).filter((c) => c.startsWith("ls ")).length;
    const before = await lsCalls();
    const entry = (await history(opts(b)))!.find((e) => e.id === side)!;
    assert.ok(entry.tags.includes("pre-restore"));
    assert.deepEqual(entry.worlds.map((w) => `${w.change} ${w.folder}`), [
      `added saves/${NEW}`,
      `removed saves/${BASE}`,
      `changed saves/${SKY}`,
    ]);
    assert.equal(await lsCalls(), before, "history started no restic ls");
    assert.deepEqual(entry.worlds.map((w) => `${w.change} ${w.folder}`), await fromListing(b, side));

    // The next push supersedes A's head p2 (not B's base p1): relative to p2 it puts BASE back as in p1,
    // which a diff since the base cannot tell. History says what the listing says.
    const pushed = await push(opts(b));
    assert.equal(pushed.outcome, "pushed", b.reporter.text());
    const next = (await history(opts(b)))!.find((e) => e.id === pushed.snapshot)!;
    assert.equal(next.parent, p2.slice(0, 8));
    assert.deepEqual(next.worlds.map((w) => `${w.change} ${w.folder}`), [`changed saves/${BASE}`]);
    assert.deepEqual(
      next.worlds.map((w) => `${w.change} ${w.folder}`),
      await fromListing(b, pushed.snapshot!),
    );
  } finally {
    await server[Symbol.asyncDispose]();
  }
});
