/**
 * The reader takes snapshot files, index files and tree packs from restic's own cache before the
 * server, and trusts nothing there: a damaged cached file costs a request to the server, never a wrong
 * or missing answer. Counted on the requests a real rest-server receives, with the cache the real
 * restic filled.
 */
import { testKeyCache } from "../../helpers/keyCache.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { resticCacheDir } from "../../../core/repo/resticCache.ts";
import { readSnapshots } from "../../../core/repo/snapshots.ts";
import { openSnapshotReader } from "../../../core/repo/tree.ts";
import { Restic } from "../../../core/restic/driver.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { backUp } from "../../helpers/resticRepo.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testRestic } from "../../helpers/tools.ts";

const TOKEN = { id: "alice", password: "alice-Secret-1" };
const INSTANCE = "01JD0000000000000000000000";

Deno.test("restic's cache folder is found where restic itself puts it on each OS", () => {
  assert.equal(resticCacheDir({ RESTIC_CACHE_DIR: "/c", HOME: "/h" }, "linux"), "/c");
  assert.equal(resticCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" }, "linux"), "/x/restic");
  assert.equal(resticCacheDir({ HOME: "/h" }, "linux"), "/h/.cache/restic");
  assert.equal(resticCacheDir({ HOME: "/Users/p" }, "darwin"), "/Users/p/Library/Caches/restic");
  assert.equal(
    resticCacheDir({ LOCALAPPDATA: "C:\\Users\\p\\AppData\\Local" }, "windows"),
    "C:\\Users\\p\\AppData\\Local\\restic",
  );
  assert.equal(resticCacheDir({}, "linux"), null);
  assert.equal(resticCacheDir({ HOME: "/h" }, "windows"), null);
});

/** Every file under `dir` (recursively), or [] when it does not exist. */
function filesUnder(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].flatMap((e) =>
      e.isDirectory ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]
    );
  } catch {
    return [];
  }
}

function flipByte(path: string, at: (size: number) => number): void {
  const bytes = Deno.readFileSync(path);
  bytes[at(bytes.length)] ^= 0x40;
  Deno.writeFileSync(path, bytes);
}

Deno.test("the reader answers from restic's cache without asking the server, and asks again for a damaged cached file", async () => {
  await using server = await startRestServer({ users: { alice: TOKEN.password } });
  await using tmp = await tempDir();
  const target = repoTarget(server.url, TOKEN, INSTANCE);
  const { ids, cacheDir } = await backUp(target, 2, tmp.path);
  const restic = new Restic(await testRestic(), target, { extraEnv: { RESTIC_CACHE_DIR: cacheDir } });
  // What restic answers; listing each snapshot also leaves its tree packs in restic's cache.
  const fromRestic = await Promise.all(ids.map((id) => restic.ls(id)));
  const snapshotsFromRestic = await restic.snapshots();

  const [repoDir] = [...Deno.readDirSync(cacheDir)].filter((e) => e.isDirectory).map((e) =>
    join(cacheDir, e.name)
  );
  assert.ok(filesUnder(join(repoDir, "data")).length > 0, "restic cached its tree packs");
  assert.ok(filesUnder(join(repoDir, "index")).length > 0, "restic cached its index");

  const requests: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return realFetch(input, init);
  };
  const opts = { keyCache: testKeyCache(tmp.path), resticCacheDir: cacheDir };
  const asked = (dir: string) => requests.filter((p) => new RegExp(`/${dir}/[0-9a-f]{64}$`).test(p));
  try {
    const read = async () => {
      requests.length = 0;
      const snapshots = await readSnapshots(target, ids, opts);
      const reader = await openSnapshotReader(target, opts);
      const entries = [];
      for (const id of ids) entries.push(await reader.entries(id));
      return { snapshots, entries };
    };

    const warm = await read();
    assert.deepEqual(warm.entries, fromRestic, "the same entries as restic ls");
    assert.deepEqual(warm.snapshots.map((s) => s.id), snapshotsFromRestic.map((s) => s.id));
    assert.deepEqual(asked("data"), [], "no tree blob was fetched from the server");
    assert.deepEqual(asked("index"), [], "no index file was fetched from the server");
    assert.deepEqual(asked("snapshots"), [], "no snapshot file was fetched from the server");

    // Damage every cached tree pack in its middle, and one cached snapshot file.
    for (const pack of filesUnder(join(repoDir, "data"))) flipByte(pack, (n) => Math.floor(n / 2));
    const damagedSnapshot = ids[0];
    flipByte(join(repoDir, "snapshots", damagedSnapshot.slice(0, 2), damagedSnapshot), (n) => n - 20);
    const damaged = await read();
    assert.deepEqual(damaged.entries, fromRestic, "the same entries despite the damaged cache");
    assert.deepEqual(damaged.snapshots, warm.snapshots);
    assert.ok(asked("data").length > 0, "the blobs in damaged packs came from the server");
    const refetched = new Set(asked("snapshots").map((p) => p.split("/").pop()));
    assert.deepEqual(
      [...refetched],
      [damagedSnapshot],
      "only the damaged snapshot file came from the server",
    );

    // No cache at all: everything from the server, the same answer.
    await Deno.remove(repoDir, { recursive: true });
    const cold = await read();
    assert.deepEqual(cold.entries, fromRestic);
    assert.equal(
      asked("snapshots").length,
      ids.length * 2,
      "each snapshot fetched (its listing and its tree)",
    );
  } finally {
    globalThis.fetch = realFetch;
  }
});
