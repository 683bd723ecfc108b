/**
 * Presence records that must not hold up or fail a launch: one older than 24 hours, a tampered one,
 * and a server that fails the lock requests while answering everything else.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../../../core/repo/hash.ts";
import { createLock, readConfig, removeLock } from "../../../core/presence/lockFiles.ts";
import { authenticates } from "../../../core/repo/crypto.ts";
import { cachedKeyFor, keyCache } from "../../../core/repo/keyCacheEntry.ts";
import { recordLaunch } from "../../../core/presence/write.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { pull } from "../../../core/sync/pull.ts";
import { writeFiles } from "../sync/world.ts";
import { BACKENDS, computers } from "./computers.ts";

for (const backend of BACKENDS) {
  Deno.test(`${backend}: a record older than 24 hours is shown as "may have crashed" and never asks`, async () => {
    await using pcs = await computers(backend);
    // The tablet launched 25 hours ago and never uploaded (it has no snapshot at all).
    const tablet = (await Instance.open(pcs.opts(pcs.c)))!;
    await recordLaunch(tablet, null, null, { now: new Date(Date.now() - 25 * 60 * 60 * 1000) });
    let asked = 0;
    const prompter = {
      chooseConflict: () => Promise.reject(new Error("no conflict")),
      confirmForkPush: () => Promise.resolve(true),
      confirm: () => Promise.resolve(false),
      confirmPlayingElsewhere: () => (asked++, Promise.resolve("cancel" as const)),
      login: () => Promise.reject(new Error("no login")),
    };
    const r = await pull(pcs.opts(pcs.b, { prompter, onPlayingElsewhere: "ask" }));
    assert.equal(r.outcome, "restored");
    assert.equal(asked, 0);
    assert.match(
      pcs.b.reporter.text(),
      /warn: tablet was last seen playing "[^"]+" at .+ \(may have crashed\)/,
    );
    // --on-playing-elsewhere=cancel does not cancel for a record that old either.
    assert.equal((await pull(pcs.opts(pcs.b, { onPlayingElsewhere: "cancel" }))).outcome, "up-to-date");
  });

  Deno.test(`${backend}: a tampered record is ignored with a debug line`, async () => {
    await using pcs = await computers(backend);
    assert.equal((await pull(pcs.opts(pcs.b))).outcome, "restored");
    await pull(pcs.opts(pcs.a));
    const { id } = JSON.parse(await Deno.readTextFile(join(pcs.a.pack, ".cloud-sync/presence.json")));
    const desktop = (await Instance.open(pcs.opts(pcs.a)))!;
    // Bytes changed and stored under their new hash: the name fits, the MAC does not.
    const bytes = backend === "local folder"
      ? await Deno.readFile(join(pcs.target.localPath!, "locks", id))
      : new Uint8Array(
        await (await fetch(`${desktop.target.restBase}locks/${id}`, {
          headers: { Authorization: `Basic ${btoa(`${pcs.token.id}:${pcs.token.password}`)}` },
        })).arrayBuffer(),
      );
    bytes[20] ^= 1;
    await createLock(pcs.target, await sha256Hex(bytes), bytes, {});
    // A file whose name is not its hash (a rest-server refuses to store one: only a folder can hold it).
    if (backend === "local folder") await createLock(pcs.target, "0".repeat(64), bytes, {});
    await removeLock(pcs.target, id, {}); // only the tampered files are left
    // An up-to-date pull starts no restic (which refuses to lock beside a file it cannot decrypt).
    assert.equal((await pull(pcs.opts(pcs.b, { onPlayingElsewhere: "cancel" }))).outcome, "up-to-date");
    const text = pcs.b.reporter.text();
    assert.match(text, /debug: presence: ignoring lock file [0-9a-f]{8}: .*failed authentication/);
    if (backend === "local folder") {
      assert.match(text, /debug: presence: ignoring lock file 00000000: .*does not match its name/);
    }
    assert.doesNotMatch(text, /has been playing/);
  });
}

/**
 * A stand-in in front of the real rest-server that fails every `locks/` request with 503 (what a
 * server going down between two requests looks like to us) and passes everything else through.
 */
function failingLocks(upstream: string) {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const url = new URL(req.url);
    if (url.pathname.includes("/locks/")) return new Response("down", { status: 503 });
    return await fetch(`${upstream}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
    });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

Deno.test("rest-server: a server that fails the lock requests costs the launch nothing but the record", async () => {
  await using pcs = await computers("rest-server");
  assert.equal((await pull(pcs.opts(pcs.b))).outcome, "restored");
  await pull(pcs.opts(pcs.a)); // the desktop plays (a record is there)
  const before = await pcs.locks();
  const proxy = failingLocks(pcs.url);
  try {
    // The laptop's sync.json points through the stand-in: reading and writing records both fail.
    const syncJson = join(pcs.b.pack, ".cloud-sync/sync.json");
    const config = JSON.parse(await Deno.readTextFile(syncJson));
    await writeFiles(pcs.b.pack, { ".cloud-sync/sync.json": JSON.stringify({ ...config, url: proxy.url }) });
    const r = await pull(pcs.opts(pcs.b, { onPlayingElsewhere: "cancel" }));
    assert.equal(r.outcome, "up-to-date", "the launch goes on, even under --on-playing-elsewhere=cancel");
    const text = pcs.b.reporter.text();
    assert.match(text, /debug: presence: cannot list the repository's locks: .*503/);
    assert.match(text, /debug: presence: cannot record this launch: .*503/);
    assert.deepEqual(await pcs.locks(), before, "no record was written or removed");
  } finally {
    await proxy.close();
  }
});

Deno.test("a launch seals its record with the cached master key, read without zod, and only with the right token", async () => {
  await using pcs = await computers("local folder");
  const config = await readConfig(pcs.target, {});
  assert.ok(config);
  const dir = keyCache(pcs.opts(pcs.a).env!)!;
  const key = await cachedKeyFor(dir, pcs.target.password, pcs.target.display, config);
  assert.ok(key, "the desktop's first push cached the key");
  assert.ok(await authenticates(key, config));
  assert.equal(await cachedKeyFor(dir, "another password", pcs.target.display, config), null);
  // The record sealed with it is one restic's key opens: the laptop reads it.
  await pull(pcs.opts(pcs.a));
  const r = await pull(pcs.opts(pcs.b, { onPlayingElsewhere: "play" }));
  assert.equal((r.details?.playingElsewhere as { displayName: string }[])[0].displayName, "desktop");
});
