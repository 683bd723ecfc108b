/**
 * How many restic processes each command starts (docs/performance.md#decisions): at most one per pull or push (backup or
 * restore; init on first use), none when nothing changed, none for status and history. Counted by a
 * wrapper around the real restic that logs every invocation, against a local-folder repository and
 * a real rest-server. The first command on a machine also asks `restic version` once (remembered in
 * `.cloud-sync/`); that probe is counted separately.
 */
import { withDerivedPassword } from "../../helpers/derived.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { history, status } from "../../../core/sync/info.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { warmKeyCache } from "../../../core/sync/warmKey.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import { markListed } from "../../../core/directory/open.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { runRestic } from "../../helpers/resticRepo.ts";
import { type RepoTarget, repoTarget } from "../../../core/restic/repo.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "count-Secret-1" };

async function countScenario(url: string, work: string): Promise<void> {
  const spy = await resticSpy(work);
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  const id = await a.init(url, TOKEN);
  await b.init(url, TOKEN, id);
  // Counted here: the instance repository. The account's instance directory (docs/contract.md#identity) is a repository
  // of its own that a computer's first push records the instance in, once; its tests count that.
  for (const m of [a, b]) await markListed(instancePaths(m.pack));
  // Each computer has its own user cache folder, as in real life.
  const envA = { INSTANCE_SYNC_CACHE_DIR: join(work, "cache-a") };
  const envB = { INSTANCE_SYNC_CACHE_DIR: join(work, "cache-b") };
  let seen = 0;
  const started = async (what: string, run: () => Promise<unknown>, want: string[]) => {
    await run();
    const calls = await spy.calls();
    const mine = calls.slice(seen).map((c) => c.split(" ")[0]).filter((c) => c !== "version");
    seen = calls.length;
    assert.deepEqual(mine, want, `${what}: restic processes started`);
  };
  try {
    await a.write({
      "saves/W/level.dat": "v1",
      "saves/W/region/r.0.0.mca": "r".repeat(5000),
      "options.txt": "a",
    });
    await started("first push", () => push(a.options({ env: envA })), ["init", "backup"]);
    await started("pull onto an empty machine", () => pull(b.options({ env: envB })), ["restore"]);
    await started("up-to-date pull", () => pull(b.options({ env: envB })), []);
    await started("unchanged push", () => push(a.options({ env: envA })), []);
    await a.write({ "saves/W/level.dat": "v2", "saves/W/new.dat": "n" });
    await started("changed push", () => push(a.options({ env: envA })), ["backup"]);
    await started("pull with cloud changes", () => pull(b.options({ env: envB })), ["restore"]);
    await started("status", () => status(b.options({ env: envB })), []);
    await started(
      "history",
      async () => assert.equal((await history(b.options({ env: envB })))?.length, 2),
      [],
    );
    await b.write({ "saves/W/level.dat": "v3" });
    await started("changed push after the cloud moved", () => push(b.options({ env: envB })), ["backup"]);
    await started("pull of the other computer's push", () => pull(a.options({ env: envA })), ["restore"]);
    await started("status on a computer with no cached key yet", async () => {
      const report = await status(a.options({ env: { INSTANCE_SYNC_CACHE_DIR: join(work, "cache-c") } }));
      assert.ok(report.cloudHead, "the cloud head was read");
    }, []);
    const versions = (await spy.calls()).filter((c) => c.startsWith("version"));
    assert.ok(versions.length <= 2, `restic version asked once per computer, got ${versions.length}`);
    await assertFastKeyUsed(spy, withDerivedPassword(repoTarget(url, TOKEN, id)), work);
  } finally {
    for (const m of [a, b]) await Deno.remove(m.pack, { recursive: true }).catch(() => {});
  }
}

/**
 * Every restic run but `init` opened the repository with one fast key (core/repo/fastKey.ts), the same
 * on both computers, and the repository holds it beside the token's key and nothing more.
 */
async function assertFastKeyUsed(
  spy: Awaited<ReturnType<typeof resticSpy>>,
  target: RepoTarget,
  work: string,
): Promise<void> {
  const calls = (await spy.calls()).map((c) => c.split(" ")[0]);
  const hints = await spy.keyHints();
  assert.equal(hints.length, calls.length, "one key line per restic run");
  const used = new Set(hints.filter((_, i) => calls[i] !== "version" && calls[i] !== "init"));
  assert.equal(used.size, 1, `one key for every run: ${[...used].join(", ")}`);
  const [fast] = used;
  assert.match(fast, /^[0-9a-f]{64}$/, "a key file's id");
  assert.equal(
    hints[calls.indexOf("init")],
    "-",
    "init makes the repository's first key from the derived password",
  );
  // The derived password still opens the repository (restic tries every key), which holds the fast key
  // and no other.
  const keys = JSON.parse(await runRestic(target, ["key", "list", "--json"], { cacheDir: join(work, "rc") }));
  assert.equal(keys.length, 2, `the derived password's key and one fast key: ${JSON.stringify(keys)}`);
  const ours = keys.find((k: { id: string }) => fast.startsWith(k.id) || k.id.startsWith(fast.slice(0, 8)));
  assert.equal(ours?.userName, "instance-sync", JSON.stringify(keys));
}

Deno.test("local repository: each command starts at most one restic process, none when nothing changed", async () => {
  await using tmp = await tempDir();
  await countScenario(join(tmp.path, "repos"), tmp.path);
});

Deno.test("rest-server: each command starts at most one restic process, none when nothing changed", async () => {
  await using server = await startRestServer({ users: { player: TOKEN.password } });
  await using tmp = await tempDir();
  await countScenario(server.url, tmp.path);
});

Deno.test("joining an instance caches its key at init, so the first pull derives nothing", async () => {
  await using tmp = await tempDir();
  const spy = await resticSpy(tmp.path);
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  try {
    const url = join(tmp.path, "repos");
    const id = await a.init(url, TOKEN);
    await a.write({ "saves/W/level.dat": "v1" });
    await push(a.options({ env: { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "cache-a") } }));
    await b.init(url, TOKEN, id);
    const envB = { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "cache-b") };
    const before = (await spy.calls()).length;
    assert.equal(await warmKeyCache(b.options({ env: envB })), true);
    assert.deepEqual((await spy.calls()).slice(before), [], "no restic for the key");
    const entries = [...Deno.readDirSync(join(tmp.path, "cache-b", "keys"))].map((e) => e.name);
    assert.equal(entries.length, 1, "one cached key, named by the repository id");
    const fresh = await Machine.create("pc-c", spy.path);
    await fresh.init(url, TOKEN, "01JD0000000000000000000000");
    assert.equal(await warmKeyCache(fresh.options({ env: envB })), false, "nothing to read yet: no key work");
    await Deno.remove(fresh.pack, { recursive: true });
  } finally {
    for (const m of [a, b]) await Deno.remove(m.pack, { recursive: true }).catch(() => {});
  }
});
