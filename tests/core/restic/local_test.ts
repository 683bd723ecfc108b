/** The driver on a local-folder repository (the embedded default that needs no server), real restic. */
import { derivedPasswordOf } from "../../helpers/derived.ts";
import { skipIf } from "../../helpers/skip.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LockedError, RepositoryMissingError } from "../../../core/errors.ts";
import type { ResticBinary } from "../../../core/restic/binary.ts";
import { Restic } from "../../../core/restic/driver.ts";
import { listSnapshotIds } from "../../../core/restic/listing.ts";
import { type RepoTarget, repoTarget, resticEnv } from "../../../core/restic/repo.ts";
import { writeRecordingRestic } from "../../helpers/fakeRestic.ts";
import { listFiles, makePack, PACK_FILES } from "../../helpers/pack.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testRestic } from "../../helpers/tools.ts";

const TOKEN = { id: "alice", password: "local-Secret-3" };
const INSTANCE = "01JD0000000000000000000001";
const noFallback = () => Promise.reject(new Error("the fallback must not run"));

function driver(bin: ResticBinary, target: RepoTarget, root: string): Restic {
  return new Restic(bin, target, { extraEnv: { RESTIC_CACHE_DIR: join(root, "restic-cache") } });
}

function packArgs(pack: { dir: string; filesFrom: string; excludeFile: string }) {
  return { cwd: pack.dir, filesFrom: pack.filesFrom, excludeFile: pack.excludeFile };
}

Deno.test("a local-folder repository round-trips backup, listing, ls and restore", async () => {
  await using tmp = await tempDir();
  const pack = await makePack(tmp.path);
  const target = repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE);
  assert.equal(target.kind, "local");
  assert.equal(target.localPath, join(tmp.path, "repos", INSTANCE));
  const restic = driver(await testRestic(), target, tmp.path);

  assert.deepEqual(await listSnapshotIds(target, noFallback), []);
  await assert.rejects(() => restic.snapshots(), RepositoryMissingError);
  await restic.ensureInit();
  await restic.ensureInit();
  const { snapshotId, unreadable } = await restic.backup({
    ...packArgs(pack),
    host: "pc",
    tags: ["instance-sync"],
  });
  assert.deepEqual(unreadable, []);
  assert.deepEqual(await listSnapshotIds(target, noFallback), [snapshotId]);
  assert.deepEqual((await restic.snapshots()).map((s) => s.id), [snapshotId]);

  const files = (await restic.ls(snapshotId)).filter((e) => e.type === "file").map((e) => e.path).sort();
  assert.deepEqual(files, Object.keys(PACK_FILES).sort());
  const out = join(tmp.path, "out");
  await restic.restore(snapshotId, { target: out });
  assert.deepEqual(await listFiles(out), files);
  await restic.check();
});

Deno.test("a stale exclusive lock is LockedError until unlock() removes it", async () => {
  await using tmp = await tempDir();
  const pack = await makePack(tmp.path, { "saves/big.bin": randomBytes(30_000_000) });
  const bin = await testRestic();
  const target = repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE);
  const restic = driver(bin, target, tmp.path);
  await restic.init();
  await restic.backup({ ...packArgs(pack), host: "pc", tags: [] });

  // `check --read-data` takes an exclusive lock; SIGKILL leaves it behind, stale (its process is dead)
  const check = new Deno.Command(bin.path, {
    args: ["check", "--read-data"],
    env: {
      ...resticEnv(target, derivedPasswordOf(target.password)),
      RESTIC_CACHE_DIR: join(tmp.path, "restic-cache"),
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const locks = join(target.localPath!, "locks");
  // wait for the finished lock file (named by its 64-hex id), not a temp file still being written
  const isLock = async () =>
    (await Array.fromAsync(Deno.readDir(locks))).some((e) => /^[0-9a-f]{64}$/.test(e.name));
  while (!(await isLock())) await new Promise((r) => setTimeout(r, 1));
  check.kill("SIGKILL");
  await check.status;
  assert.ok(await isLock(), "check left its lock behind");

  await assert.rejects(() => restic.backup({ ...packArgs(pack), host: "pc", tags: [] }), LockedError);
  await restic.unlock();
  assert.deepEqual(await Array.fromAsync(Deno.readDir(locks)), []);
  await restic.backup({ ...packArgs(pack), host: "pc", tags: [] });
});

Deno.test({
  name: "a real unreadable file makes backup() succeed with the file named in unreadable",
  ignore: skipIf(Deno.build.os !== "linux", "restic exit 3", "needs /proc/self/mem, Linux only"),
  fn: async () => {
    // as root nothing in a pack folder is unreadable; reading /proc/self/mem fails with EIO on Linux
    await using tmp = await tempDir();
    const pack = await makePack(tmp.path);
    await Deno.writeTextFile(pack.filesFrom, "options.txt\n/proc/self/mem\n");
    const restic = driver(await testRestic(), repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE), tmp.path);
    await restic.init();
    const result = await restic.backup({ ...packArgs(pack), host: "pc", tags: [] });
    assert.match(result.snapshotId, /^[0-9a-f]{64}$/);
    assert.deepEqual(result.unreadable, ["proc/self/mem"]);
  },
});

Deno.test("no password reaches restic's argv, for local and rest repositories", async () => {
  await using tmp = await tempDir();
  await using server = await startRestServer({ users: { alice: TOKEN.password } });
  const pack = await makePack(tmp.path);
  const recorder = await writeRecordingRestic(tmp.path, (await testRestic()).path);
  for (const url of [join(tmp.path, "repos"), server.url]) {
    const restic = driver(recorder, repoTarget(url, TOKEN, INSTANCE), tmp.path);
    await restic.ensureInit();
    const { snapshotId } = await restic.backup({ ...packArgs(pack), host: "pc", tags: ["instance-sync"] });
    await restic.snapshots();
    await restic.ls(snapshotId);
    await restic.restore(snapshotId, { target: join(tmp.path, "out") });
    await restic.unlock();
  }
  const argv = await Deno.readTextFile(recorder.argvLog);
  assert.match(argv, / backup --json --files-from /);
  assert.match(argv, / restore --json [0-9a-f]{64} --target /);
  assert.ok(!argv.includes(TOKEN.password), argv);
  assert.ok(!argv.includes(encodeURIComponent(TOKEN.password)));
  assert.ok(!argv.includes(server.url.replace("http://", "")), "the repository URL travels by env only");
  const envCounts = (await Deno.readTextFile(join(tmp.path, "env.log"))).trim().split("\n");
  assert.ok(envCounts.every((n) => n === "1"), "RESTIC_PASSWORD is in every run's environment");
});

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) {
    crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
  }
  return out;
}
