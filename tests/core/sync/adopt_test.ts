/**
 * Adopting an interrupted push (restore.ts `adoptInterruptedPush`) must never take another computer's
 * session for this one's: it needs the same machine id and the same files (inodes), not only equal
 * paths, sizes and mtimes. Real restic, a local-folder repository.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ConflictError } from "../../../core/errors.ts";
import { history } from "../../../core/sync/info.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { withTempDir } from "../../helpers/tmp.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "adopt-secret" };
const DECK_1 = "01KD0000000000000000000001";
const DECK_2 = "01KD0000000000000000000002";
const MOMENT = new Date("2026-11-30T20:00:00.123Z");

/** Two computers (both named "steamdeck") synced to the same first snapshot. */
async function twoDecks(root: string, machineA: string, machineB: string) {
  const a = new Machine("steamdeck", join(root, "a"), testResticPath());
  const b = new Machine("steamdeck", join(root, "b"), testResticPath());
  await Deno.mkdir(a.pack);
  await Deno.mkdir(b.pack);
  const url = join(root, "repos");
  const id = await a.init(url, TOKEN);
  await b.init(url, TOKEN, id);
  await a.write({ "saves/World/level.dat": "start", "options.txt": "fov:70" });
  assert.equal((await push(a.options({ machineId: machineA }))).outcome, "pushed");
  assert.equal((await pull(b.options({ machineId: machineB }))).outcome, "restored");
  return { a, b };
}

/** Both computers write a file of the same size, stamped with the same millisecond. */
async function sameSizeSameMillisecond(a: Machine, b: Machine) {
  await a.write({ "saves/World/level.dat": "played on deck A" });
  await b.write({ "saves/World/level.dat": "played on deck B" });
  for (const m of [a, b]) await Deno.utime(join(m.pack, "saves/World/level.dat"), MOMENT, MOMENT);
}

async function assertKeptAsFork(a: Machine, b: Machine, machineA: string, machineB: string) {
  assert.equal((await push(b.options({ machineId: machineB }))).outcome, "pushed");
  const second = await push(a.options({ machineId: machineA }));
  assert.equal(second.outcome, "pushed", `A's session must be uploaded, not adopted: ${a.reporter.text()}`);
  assert.match(a.reporter.text(), /fork/);
  const entries = (await history(a.options({ machineId: machineA })))!;
  assert.equal(entries.filter((e) => e.fork).length, 2, "both sessions are kept and flagged as a fork");
  // B's next pull sees A's session as a conflict instead of silently losing either.
  const err = await pull(b.options({ machineId: machineB })).catch((e) => e);
  assert.ok(err instanceof ConflictError, String(err));
}

Deno.test("two computers with the same host name and equal-size files from the same millisecond stay a fork", async () => {
  await withTempDir(async (root) => {
    const { a, b } = await twoDecks(root, DECK_1, DECK_2);
    await sameSizeSameMillisecond(a, b);
    await assertKeptAsFork(a, b, DECK_1, DECK_2);
  });
});

Deno.test("two copies of an instance on one computer (same machine id, other inodes) stay a fork", async () => {
  await withTempDir(async (root) => {
    const { a, b } = await twoDecks(root, DECK_1, DECK_1);
    await sameSizeSameMillisecond(a, b);
    await assertKeptAsFork(a, b, DECK_1, DECK_1);
  });
});

Deno.test("a push stopped after its upload is adopted by the next push of the same computer", async () => {
  await withTempDir(async (root) => {
    const { a } = await twoDecks(root, DECK_1, DECK_2);
    const statePath = join(a.pack, ".cloud-sync/state.json");
    const before = await Deno.readTextFile(statePath);
    await a.write({ "saves/World/level.dat": "a long session" });
    const uploaded = await push(a.options({ machineId: DECK_1 }));
    assert.equal(uploaded.outcome, "pushed");
    await Deno.writeTextFile(statePath, before); // as if killed before state.json was written
    const again = await push(a.options({ machineId: DECK_1 }));
    assert.equal(again.outcome, "up-to-date", a.reporter.text());
    assert.match(again.message, /interrupted upload is complete/);
    const entries = (await history(a.options({ machineId: DECK_1 })))!;
    assert.equal(entries.length, 2, "no second upload of the same session");
    assert.ok(entries[0].tags.includes(`machine=${DECK_1}`), "snapshots carry the machine id");
  });
});
