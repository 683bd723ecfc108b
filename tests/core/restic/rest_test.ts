/**
 * The driver against a real rest-server (`--append-only --private-repos`, users alice and bob) and the
 * real restic: the default test tier (docs/testing.md#tiers).
 */
import { derivedPasswordOf } from "../../helpers/derived.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { AuthError, OfflineError, RepositoryMissingError } from "../../../core/errors.ts";
import { Restic } from "../../../core/restic/driver.ts";
import { listSnapshotIds } from "../../../core/restic/listing.ts";
import type { ResticProgress } from "../../../core/restic/progress.ts";
import { type RepoTarget, repoTarget, resticEnv } from "../../../core/restic/repo.ts";
import { listFiles, makePack, PACK_FILES } from "../../helpers/pack.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testRestic } from "../../helpers/tools.ts";

const ALICE = { id: "alice", password: "alice-Secret-1" };
const BOB = { id: "bob", password: "bob-Secret-2" };
const USERS = { alice: ALICE.password, bob: BOB.password };
const INSTANCE = "01JD0000000000000000000000";

async function driver(target: RepoTarget, cacheRoot: string, stallTimeoutMs?: number): Promise<Restic> {
  return new Restic(await testRestic(), target, {
    extraEnv: { RESTIC_CACHE_DIR: join(cacheRoot, "restic-cache") },
    progressFps: 50,
    stallTimeoutMs,
  });
}

/** Asserts that an error is of a class and leaks no password. */
function assertClean(e: unknown, cls: new (...a: never[]) => Error): true {
  assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
  for (const secret of [ALICE.password, BOB.password, "wrong-Password-9"]) {
    assert.ok(!e.message.includes(secret), `password in message: ${e.message}`);
    assert.ok(!String((e as { hint?: string }).hint ?? "").includes(secret));
  }
  return true;
}

Deno.test("backup, snapshots, ls and restore round-trip through rest-server with pack-relative paths", async () => {
  await using server = await startRestServer({ users: USERS });
  await using tmp = await tempDir();
  const pack = await makePack(tmp.path, {
    "saves/World/big.bin": crypto.getRandomValues(new Uint8Array(60_000)),
  });
  const target = repoTarget(server.url, ALICE, INSTANCE);
  const restic = await driver(target, tmp.path);

  assert.deepEqual(await listSnapshotIds(target, () => Promise.reject(new Error("no fallback"))), []);
  await restic.ensureInit();
  await restic.ensureInit(); // second call: exists, nothing to do
  const progress: ResticProgress[] = [];
  const first = await restic.backup({
    cwd: pack.dir,
    filesFrom: pack.filesFrom,
    excludeFile: pack.excludeFile,
    host: "machine-a",
    tags: ["instance-sync", "parent=none"],
    onProgress: (p) => progress.push(p),
  });
  assert.match(first.snapshotId, /^[0-9a-f]{64}$/);
  assert.equal(first.filesNew, 4);
  assert.deepEqual(first.unreadable, []);
  for (const p of progress) assert.ok(p.op === "backup" && p.fraction >= 0 && p.fraction <= 1);

  await Deno.writeTextFile(join(pack.dir, "options.txt"), "fov:90\n");
  const second = await restic.backup({
    cwd: pack.dir,
    filesFrom: pack.filesFrom,
    excludeFile: pack.excludeFile,
    host: "machine-a",
    tags: ["instance-sync", `parent=${first.snapshotId.slice(0, 8)}`],
    parent: first.snapshotId,
  });
  assert.equal(second.filesChanged, 1);
  assert.equal(second.filesUnmodified, 3);

  const snaps = await restic.snapshots();
  assert.deepEqual(snaps.map((s) => s.id), [first.snapshotId, second.snapshotId]);
  assert.equal(snaps[1].host, "machine-a");
  assert.equal(snaps[1].parent, first.snapshotId);
  assert.deepEqual(snaps[1].tags, ["instance-sync", `parent=${first.snapshotId.slice(0, 8)}`]);
  assert.equal(snaps[0].short_id, first.snapshotId.slice(0, 8));
  assert.ok(!Number.isNaN(Date.parse(snaps[0].time)));
  assert.deepEqual(
    await listSnapshotIds(target, () => Promise.reject(new Error("no fallback"))),
    snaps.map((s) => s.id).sort(),
  );

  const entries = await restic.ls(second.snapshotId);
  const files = entries.filter((e) => e.type === "file").map((e) => e.path).sort();
  assert.deepEqual(files, [...Object.keys(PACK_FILES), "saves/World/big.bin"].sort());
  assert.ok(entries.some((e) => e.path === "saves" && e.type === "dir"));
  assert.equal(entries.find((e) => e.path === "options.txt")?.size, 7);

  const out = join(tmp.path, "restored");
  const result = await restic.restore(second.snapshotId, { target: out });
  assert.equal(result.filesRestored, 7); // restic counts the folders saves, World and region too
  assert.deepEqual(await listFiles(out), files);
  assert.equal(await Deno.readTextFile(join(out, "options.txt")), "fov:90\n");
  assert.equal(await Deno.readTextFile(join(out, "saves/World/level.dat")), "level-data");

  const only = join(tmp.path, "only-options");
  await restic.restore(first.snapshotId, { target: only, include: ["options.txt"] });
  assert.deepEqual(await listFiles(only), ["options.txt"]);
  assert.equal(await Deno.readTextFile(join(only, "options.txt")), "fov:70\n");
});

Deno.test("a missing repository is RepositoryMissingError for restic and an empty listing", async () => {
  await using server = await startRestServer({ users: USERS });
  await using tmp = await tempDir();
  const target = repoTarget(server.url, ALICE, INSTANCE);
  const restic = await driver(target, tmp.path);
  await assert.rejects(() => restic.snapshots(), (e) => assertClean(e, RepositoryMissingError));
  assert.deepEqual(await listSnapshotIds(target, () => Promise.resolve(["fallback"])), []);
  assert.equal(await restic.configExists(), false);
});

Deno.test("alice is refused on bob's repository path", async () => {
  await using server = await startRestServer({ users: USERS });
  await using tmp = await tempDir();
  const pack = await makePack(tmp.path);
  const bob = await driver(repoTarget(server.url, BOB, INSTANCE), tmp.path);
  await bob.init();
  await bob.backup({ ...packArgs(pack), host: "bob-pc", tags: ["instance-sync"] });

  const aliceTarget = repoTarget(server.url, ALICE, INSTANCE);
  const onBob: RepoTarget = {
    ...aliceTarget,
    repository: aliceTarget.repository.replace("/alice/", "/bob/"),
    restBase: aliceTarget.restBase!.replace("/alice/", "/bob/"),
    display: aliceTarget.display.replace("/alice/", "/bob/"),
  };
  const alice = await driver(onBob, tmp.path);
  await assert.rejects(() => alice.snapshots(), (e) => assertClean(e, AuthError));
  await assert.rejects(() => alice.init(), (e) => assertClean(e, AuthError));
  await assert.rejects(
    () => listSnapshotIds(onBob, () => Promise.resolve([])),
    (e) => assertClean(e, AuthError),
  );
  // a url prefix does not help either: /bob/alice/<id>/ is outside alice's private area
  const prefixed = repoTarget(`${server.url}/bob`, ALICE, INSTANCE);
  await assert.rejects(
    () => listSnapshotIds(prefixed, () => Promise.resolve([])),
    (e) => assertClean(e, AuthError),
  );
});

Deno.test("restic forget is refused by the append-only server and the snapshot survives", async () => {
  await using server = await startRestServer({ users: USERS });
  await using tmp = await tempDir();
  const pack = await makePack(tmp.path);
  const target = repoTarget(server.url, ALICE, INSTANCE);
  const restic = await driver(target, tmp.path);
  await restic.init();
  const { snapshotId } = await restic.backup({ ...packArgs(pack), host: "a", tags: ["instance-sync"] });

  const out = await new Deno.Command((await testRestic()).path, {
    args: ["forget", snapshotId],
    env: {
      ...resticEnv(target, derivedPasswordOf(target.password)),
      RESTIC_CACHE_DIR: join(tmp.path, "restic-cache"),
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.notEqual(out.code, 0);
  assert.match(new TextDecoder().decode(out.stderr), /403 Forbidden/);
  assert.deepEqual(await listSnapshotIds(target, () => Promise.resolve([])), [snapshotId]);
  await restic.unlock(); // removing (stale) locks is the one DELETE append-only allows
});

Deno.test("a wrong password is an AuthError, both for the server and for the repository key", async () => {
  await using server = await startRestServer({ users: USERS });
  await using tmp = await tempDir();
  await (await driver(repoTarget(server.url, ALICE, INSTANCE), tmp.path)).init();

  const wrongHttp = repoTarget(server.url, { id: "alice", password: "wrong-Password-9" }, INSTANCE);
  await assert.rejects(
    async () => await (await driver(wrongHttp, tmp.path)).snapshots(),
    (e) => assertClean(e, AuthError),
  );
  await assert.rejects(
    () => listSnapshotIds(wrongHttp, () => Promise.resolve([])),
    (e) => assertClean(e, AuthError),
  );

  const wrongKey: RepoTarget = { ...repoTarget(server.url, ALICE, INSTANCE), password: "wrong-Password-9" };
  await assert.rejects(
    async () => await (await driver(wrongKey, tmp.path)).snapshots(),
    (e) => assertClean(e, AuthError),
  );
});

Deno.test("a stopped server is OfflineError at once, and works again after a restart", async () => {
  await using server = await startRestServer({ users: USERS });
  await using tmp = await tempDir();
  const pack = await makePack(tmp.path);
  const target = repoTarget(server.url, ALICE, INSTANCE);
  const restic = await driver(target, tmp.path);
  await restic.init();
  await server.stop();

  const t0 = performance.now();
  await assert.rejects(() => restic.snapshots(), (e) => assertClean(e, OfflineError));
  await assert.rejects(
    () => restic.backup({ ...packArgs(pack), host: "a", tags: [] }),
    (e) => assertClean(e, OfflineError),
  );
  assert.ok(
    performance.now() - t0 < 15_000,
    "offline must be detected without sitting through restic's retries",
  );
  await assert.rejects(
    () => listSnapshotIds(target, () => Promise.resolve([])),
    (e) => assertClean(e, OfflineError),
  );

  await server.restart();
  const { snapshotId } = await restic.backup({ ...packArgs(pack), host: "a", tags: [] });
  assert.deepEqual(await listSnapshotIds(target, () => Promise.resolve([])), [snapshotId]);
});

Deno.test("a server that dies mid-backup makes backup() give up as offline after the stall timeout", async () => {
  await using server = await startRestServer({ users: USERS });
  await using tmp = await tempDir();
  const big: Record<string, Uint8Array> = {};
  for (let i = 0; i < 6; i++) big[`saves/World/region/big${i}.mca`] = randomBytes(40_000_000);
  const pack = await makePack(tmp.path, big);
  const restic = await driver(repoTarget(server.url, ALICE, INSTANCE), tmp.path, 2000);
  await restic.init();
  let killed = false;
  const t0 = performance.now();
  await assert.rejects(
    () =>
      restic.backup({
        ...packArgs(pack),
        host: "a",
        tags: [],
        onProgress: (p) => {
          if (!killed && p.bytesDone > 0) {
            killed = true;
            server.kill();
          }
        },
      }),
    (e) => assertClean(e, OfflineError) && /No progress for 2 s/.test((e as Error).message),
  );
  assert.ok(killed, "the server was killed during the backup");
  assert.ok(performance.now() - t0 < 30_000);
});

function packArgs(pack: { dir: string; filesFrom: string; excludeFile: string }) {
  return { cwd: pack.dir, filesFrom: pack.filesFrom, excludeFile: pack.excludeFile };
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) {
    crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
  }
  return out;
}
