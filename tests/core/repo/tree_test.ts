/**
 * The in-process tree reader against real repositories made by the real restic (versions 1 and 2,
 * on a local folder and on a rest-server): its entries must equal `restic ls --json` (paths, types,
 * sizes, mtimes, inodes), a file's bytes must equal the file backed up, and a tampered pack must be
 * an IntegrityError.
 */
import { testKeyCache } from "../../helpers/keyCache.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { IntegrityError } from "../../../core/repo/errors.ts";
import { openSnapshotReader } from "../../../core/repo/tree.ts";
import { Restic } from "../../../core/restic/driver.ts";
import { type RepoTarget, repoTarget } from "../../../core/restic/repo.ts";
import { backUp, runRestic } from "../../helpers/resticRepo.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testRestic } from "../../helpers/tools.ts";

const TOKEN = { id: "alice", password: "alice-Secret-1" };
const INSTANCE = "01JD0000000000000000000000";

/** How many data blobs restic stored for saves/big.bin (asked through restic itself). */
async function blobsOfBig(target: RepoTarget, id: string, cacheDir: string): Promise<number> {
  const cat = async (...args: string[]) =>
    JSON.parse(await runRestic(target, ["cat", ...args], { cacheDir }));
  const root = await cat("snapshot", id);
  const saves = (await cat("blob", root.tree)).nodes.find((n: { name: string }) => n.name === "saves");
  const big = (await cat("blob", saves.subtree)).nodes.find((n: { name: string }) => n.name === "big.bin");
  return big.content.length;
}

async function agreesWithResticLs(target: RepoTarget, version: 1 | 2, work: string): Promise<void> {
  const { ids, files, cacheDir } = await backUp(target, version, work);
  const restic = new Restic(await testRestic(), target, { extraEnv: { RESTIC_CACHE_DIR: cacheDir } });
  const reader = await openSnapshotReader(target, { keyCache: testKeyCache(work) });
  assert.equal(reader.repository.version, version);
  for (const id of ids) {
    const fromRestic = await restic.ls(id);
    const fromReader = await reader.entries(id);
    assert.deepEqual(fromReader, fromRestic, `snapshot ${id.slice(0, 8)}`);
  }
  const entries = await reader.entries(ids[1]);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  // The cases the comparison must have covered, so it cannot pass on a trivial tree.
  assert.equal(byPath.get("saves/World/DIM-1/region/r.-1.0.mca")?.type, "file");
  assert.equal(byPath.get("saves/World/empty.txt")?.size, 0);
  assert.equal(byPath.get("saves/link.dat")?.type, "symlink");
  assert.equal(byPath.get("saves/Second/level.dat")?.size, 6);
  assert.ok(!byPath.has("saves/World/session.lock"), "excluded files are not there");
  if (Deno.build.os !== "windows") {
    // Stored escaped by restic (`quote's \"dq\"`): listed as the names they stand for.
    assert.equal(byPath.get('saves/quote\'s "dq" back\\slash/level.dat')?.size, 100);
    assert.equal(byPath.get("saves/line\nbreak\ttab\x01ctl\x7fdel/a.dat")?.size, 10);
    assert.equal(byPath.get("saves/nbsp\u00a0zwsp\u200b ✨ 世界/b.dat")?.size, 10);
  }
  assert.ok(await blobsOfBig(target, ids[1], cacheDir) > 1, "big.bin spans several blobs");

  for (const [path, bytes] of Object.entries(files)) {
    assert.deepEqual(await reader.fileBytes(ids[0], path), bytes, path);
  }
  assert.deepEqual(await reader.fileBytes(ids[1], "options.txt"), new TextEncoder().encode("fov:95\n"));
  assert.equal(await reader.fileBytes(ids[0], "saves/Second/level.dat"), null, "not in the first snapshot");
  assert.equal(await reader.fileBytes(ids[0], "saves/World"), null, "a folder has no bytes");
}

for (const version of [2, 1] as const) {
  Deno.test(`tree reader lists a version ${version} local repository exactly as restic ls --json`, async () => {
    await using tmp = await tempDir();
    await agreesWithResticLs(repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE), version, tmp.path);
  });

  Deno.test(`tree reader lists a version ${version} rest-server repository exactly as restic ls --json`, async () => {
    await using server = await startRestServer({ users: { alice: TOKEN.password } });
    await using tmp = await tempDir();
    await agreesWithResticLs(repoTarget(server.url, TOKEN, INSTANCE), version, tmp.path);
  });
}

Deno.test("tree reader refuses a tampered tree pack and a tampered data pack (IntegrityError, never a skip)", async () => {
  await using tmp = await tempDir();
  const target = repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE);
  const { ids } = await backUp(target, 2, tmp.path);
  const listed = await (await openSnapshotReader(target, { keyCache: null })).entries(ids[0]);
  const dataDir = join(target.localPath!, "data");
  const packs = [...Deno.readDirSync(dataDir)].flatMap((sub) =>
    [...Deno.readDirSync(join(dataDir, sub.name))].map((p) => join(dataDir, sub.name, p.name))
  );
  let treePacks = 0;
  for (const path of packs) {
    const original = await Deno.readFile(path);
    // Every 16th byte: each sealed blob (at least 32 bytes) in the pack gets a flipped bit.
    const bytes = original.slice();
    for (let i = 0; i < bytes.length; i += 16) bytes[i] ^= 0x01;
    await Deno.writeFile(path, bytes);
    const reader = await openSnapshotReader(target, { keyCache: null });
    const failed = await reader.entries(ids[0]).then(() => null, (e) => e);
    if (failed) {
      assert.ok(failed instanceof IntegrityError, `a tampered tree pack: ${failed}`);
      treePacks++;
      await Deno.writeFile(path, original); // keep only data packs tampered
    }
  }
  assert.ok(treePacks >= 1 && treePacks < packs.length, "both kinds of pack were tampered");
  // Now only data packs are damaged: the listing still reads, the file's bytes do not.
  const reader = await openSnapshotReader(target, { keyCache: null });
  assert.deepEqual(await reader.entries(ids[0]), listed);
  await assert.rejects(() => reader.fileBytes(ids[0], "saves/World/level.dat"), IntegrityError);
});
