/**
 * When restic refuses the fast key (someone ran `restic key remove` on it, or the repository was made
 * anew at the same place), the run goes on with the token, forgets the key, and a later run finds or
 * makes a new one. And `init` never uses it: a repository's first key must come from the token, or no
 * other computer could open it.
 */
import { withDerivedPassword } from "../../helpers/derived.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { push } from "../../../core/sync/push.ts";
import { Restic } from "../../../core/restic/driver.ts";
import { parseResticVersion } from "../../../core/restic/version.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { runRestic } from "../../helpers/resticRepo.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "fallback-Secret-1" };

/** The fast key this computer's key cache names (one cached repository). */
async function cachedFastKey(cache: string): Promise<string | undefined> {
  const names = [...Deno.readDirSync(join(cache, "keys"))].map((e) => e.name);
  assert.equal(names.length, 1, `one cached repository: ${names}`);
  return JSON.parse(await Deno.readTextFile(join(cache, "keys", names[0]))).fastKey;
}

async function setUp(work: string) {
  const spy = await resticSpy(work);
  const a = await Machine.create("pc-a", spy.path);
  const url = join(work, "repos");
  const id = await a.init(url, TOKEN);
  const env = { INSTANCE_SYNC_CACHE_DIR: join(work, "cache") };
  let seen = 0;
  /** Pushes `files` and returns the restic runs it made, each as `command key` ("-": the token). */
  const pushOf = async (files: Record<string, string>) => {
    await a.write(files);
    const summary = await push(a.options({ env }));
    assert.equal(summary.outcome, "pushed", summary.message);
    const calls = (await spy.calls()).map((c) => c.split(" ")[0]);
    const hints = await spy.keyHints();
    const runs = calls.map((c, i) => `${c} ${hints[i]}`).slice(seen).filter((r) => !r.startsWith("version"));
    seen = calls.length;
    return runs;
  };
  // The repository was made by push: restic opens it with the derived password.
  const target = withDerivedPassword(repoTarget(url, TOKEN, id));
  const keyList = async () =>
    JSON.parse(await runRestic(target, ["key", "list", "--json"], { cacheDir: join(work, "rc") })) as {
      id: string;
      userName: string;
    }[];
  const snapshotCount = async () =>
    JSON.parse(await runRestic(target, ["snapshots", "--json"], { cacheDir: join(work, "rc") })).length;
  return { a, repo: join(url, id), cache: env.INSTANCE_SYNC_CACHE_DIR, pushOf, keyList, snapshotCount };
}

Deno.test("a removed fast key: the push goes on with the repository's password, and the next push makes a new key", async () => {
  await using tmp = await tempDir();
  const { a, repo, cache, pushOf, keyList, snapshotCount } = await setUp(tmp.path);
  try {
    await pushOf({ "saves/W/level.dat": "v1" });
    const first = await cachedFastKey(cache);
    assert.ok(first, "the first push found or made a fast key");
    await Deno.remove(join(repo, "keys", first)); // what `restic key remove` does
    assert.deepEqual(
      await pushOf({ "saves/W/level.dat": "v2" }),
      [`backup ${first}`, "backup -"],
      "refused (exit 12, before restic did anything), then run with the repository's password",
    );
    assert.equal(await cachedFastKey(cache), undefined, "forgotten");
    const runs = await pushOf({ "saves/W/level.dat": "v3" });
    const second = await cachedFastKey(cache);
    assert.ok(second && second !== first, "a new fast key");
    assert.deepEqual(runs, [`backup ${second}`]);
    const keys = await keyList();
    assert.equal(keys.length, 2, JSON.stringify(keys));
    assert.equal(await snapshotCount(), 3, "every push made its snapshot");
  } finally {
    await Deno.remove(a.pack, { recursive: true }).catch(() => {});
  }
});

Deno.test("init makes a repository's first key from the derived password even when a fast key is offered", async () => {
  await using tmp = await tempDir();
  const spy = await resticSpy(tmp.path);
  const target = repoTarget(join(tmp.path, "repos"), TOKEN, "01JD0000000000000000000000");
  const offered = { id: "ab".repeat(32), password: "not-the-token" };
  const rejected: string[] = [];
  const restic = new Restic({ path: spy.path, version: parseResticVersion("restic 0.19.1")! }, target, {
    extraEnv: { RESTIC_CACHE_DIR: join(tmp.path, "rc") },
    fastKey: {
      get: () => Promise.resolve(offered),
      rejected: (k) => Promise.resolve(void rejected.push(k.id)),
    },
  });
  await restic.init();
  assert.deepEqual(await restic.snapshots(), []);
  const hints = await spy.keyHints();
  const calls = (await spy.calls()).map((c) => c.split(" ")[0]);
  assert.deepEqual(
    calls.map((c, i) => `${c} ${hints[i]}`),
    ["init -", `snapshots ${offered.id}`, "snapshots -"],
    "init with the derived password; a key restic refuses (exit 12) is tried once, then the passwords",
  );
  assert.deepEqual(rejected, [offered.id], "the refused key is reported, to be forgotten");
  // Other computers open it with the derived password.
  assert.equal(
    JSON.parse(
      await runRestic(withDerivedPassword(target), ["key", "list", "--json"], {
        cacheDir: join(tmp.path, "rc"),
      }),
    ).length,
    1,
  );
});
