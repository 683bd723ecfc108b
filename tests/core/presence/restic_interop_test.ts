/**
 * What restic itself makes of a presence record (docs/presence.md): it lists and decrypts it
 * as one of its locks, `check --no-lock` ignores it, a plain `check` is held off while it is fresh and
 * not once it is older than restic's 30 minutes, and backups (non-exclusive) are never held off.
 */
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { resticEnv } from "../../../core/restic/repo.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { recordLaunch } from "../../../core/presence/write.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { derivedPasswordOf } from "../../helpers/derived.ts";
import { BACKENDS, type Computers, computers } from "./computers.ts";

async function restic(pcs: Computers, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = await new Deno.Command(testResticPath(), {
    args: [...args, "--no-cache"],
    env: resticEnv(pcs.target, derivedPasswordOf(pcs.target.password)),
    stdin: "null",
  }).output();
  const dec = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, out: dec(out.stdout), err: dec(out.stderr) };
}

for (const backend of BACKENDS) {
  Deno.test(`${backend}: restic lists and decrypts a presence record as one of its own non-exclusive locks`, async () => {
    await using pcs = await computers(backend);
    await pull(pcs.opts(pcs.a));
    const [id] = await pcs.locks();
    const listed = await restic(pcs, ["list", "locks"]);
    assert.equal(listed.code, 0, listed.err);
    assert.equal(listed.out.trim(), id);
    const cat = await restic(pcs, ["cat", "lock", id]);
    assert.equal(cat.code, 0, cat.err);
    const lock = JSON.parse(cat.out);
    assert.equal(lock.exclusive, false);
    // Never this host's name, so restic never signals the (long gone) pid to test whether it lives.
    assert.equal(lock.hostname, "desktop (instance-sync presence)");
    assert.equal(lock.username, "instance-sync (playing)");
    // restic shows its own fields only; ours (machine id, snapshot) are read by instance-sync.
    assert.ok(Math.abs(Date.parse(lock.time) - Date.now()) < 60_000, lock.time);
  });

  Deno.test(`${backend}: check --no-lock passes beside a fresh record, a plain check waits until restic calls it stale`, async () => {
    await using pcs = await computers(backend);
    assert.equal((await pull(pcs.opts(pcs.b))).outcome, "restored");
    await pull(pcs.opts(pcs.a));
    const noLock = await restic(pcs, ["check", "--no-lock"]);
    assert.equal(noLock.code, 0, noLock.err);
    // check takes an exclusive lock: restic refuses while the record is fresh (exit 11) and names it.
    const plain = await restic(pcs, ["check", "--retry-lock=0s"]);
    assert.equal(plain.code, 11, plain.err);
    assert.match(
      plain.err,
      /already locked by PID \d+ on (desktop|laptop) \(instance-sync presence\) by instance-sync \(playing\)/,
    );
    // Backups take non-exclusive locks: the laptop's push is not held off.
    await pcs.b.write({ "saves/Other/level.dat": "b" });
    assert.equal((await push(pcs.opts(pcs.b))).outcome, "pushed");
    assert.equal((await push(pcs.opts(pcs.a))).outcome, "up-to-date");
    assert.deepEqual(await pcs.locks(), [], "the desktop's push took its record away");
    // restic holds off check and prune for as long as any lock exists, stale or not; a record older
    // than its 30 minutes is stale, so `restic unlock` removes it and check runs.
    const inst = (await Instance.open(pcs.opts(pcs.c)))!;
    await recordLaunch(inst, null, null, { now: new Date(Date.now() - 31 * 60 * 1000) });
    const old = await restic(pcs, ["check", "--retry-lock=0s"]);
    assert.equal(old.code, 11, "a stale lock still holds off check until it is unlocked");
    // Our pushes clean up a killed restic's stale locks, but never another computer's presence record.
    await pcs.b.write({ "saves/Other/level.dat": "b2" });
    assert.equal((await push(pcs.opts(pcs.b))).outcome, "pushed");
    assert.equal((await pcs.locks()).length, 1, "the laptop's push left the tablet's record alone");
    await pull(pcs.opts(pcs.a, { onPlayingElsewhere: "play" })); // a fresh record beside it
    assert.equal((await pcs.locks()).length, 2);
    assert.equal((await restic(pcs, ["unlock"])).code, 0);
    assert.equal(
      (await pcs.locks()).length,
      1,
      "restic unlock removed only the record older than 30 minutes",
    );
    await push(pcs.opts(pcs.a));
    const after = await restic(pcs, ["check", "--retry-lock=0s"]);
    assert.equal(after.code, 0, after.err);
  });
}

Deno.test("restic unlock on the launching computer itself never signals the pid a record names", async () => {
  await using pcs = await computers("local folder");
  // This computer's real host name, and the record's pid is this test process: restic would send it
  // SIGHUP to see whether it lives (and kill it) if the record claimed this host as its own.
  const here = (await Instance.open(pcs.opts(pcs.a, { host: hostname() })))!;
  await recordLaunch(here, null, null);
  const unlocked = await restic(pcs, ["unlock"]);
  assert.equal(unlocked.code, 0, unlocked.err);
  assert.equal((await pcs.locks()).length, 1, "a fresh record is not stale");
});
