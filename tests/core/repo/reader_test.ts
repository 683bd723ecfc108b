/**
 * The in-process reader against real repositories made by the real restic (versions 1 and 2, on a
 * local folder and on a rest-server run like production): it must list exactly what
 * `restic snapshots --json` lists, field for field.
 */
import { testKeyCache } from "../../helpers/keyCache.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Restic } from "../../../core/restic/driver.ts";
import { listSnapshotIds } from "../../../core/restic/listing.ts";
import { type RepoTarget, repoTarget } from "../../../core/restic/repo.ts";
import { openSealed } from "../../../core/repo/crypto.ts";
import { readSnapshotDocuments, readSnapshots } from "../../../core/repo/snapshots.ts";
import { populateRepo } from "../../helpers/resticRepo.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testRestic } from "../../helpers/tools.ts";

const TOKEN = { id: "alice", password: "alice-Secret-1" };
const INSTANCE = "01JD0000000000000000000000";
const noFallback = () => Promise.reject(new Error("the listing must not need restic"));

async function agreesWithRestic(target: RepoTarget, version: 1 | 2, work: string): Promise<void> {
  const fromRestic = await populateRepo(target, version, work);
  // restic tag rewrites a snapshot and deletes the old one, which an append-only server refuses.
  assert.equal(fromRestic.length, target.kind === "rest" ? 4 : 3, "three backups and one tag change");
  const ids = await listSnapshotIds(target, noFallback);
  const keyCache = testKeyCache(work);
  const { repository, documents } = await readSnapshotDocuments(target, ids, { keyCache });
  assert.equal(repository.version, version);
  assert.equal(repository.keySource, "derived");
  assert.deepEqual([...documents.keys()].sort(), fromRestic.map((s) => s.id as string).sort());
  for (const want of fromRestic) {
    const { id, short_id: _short, ...rest } = want;
    // restic adds id and short_id when it prints; everything else is the stored document, verbatim.
    // restic prints `paths` sorted; the file keeps them in the order given.
    const doc = { ...documents.get(id as string) };
    doc.paths = [...doc.paths as string[]].sort();
    assert.deepEqual(doc, rest, `snapshot ${String(id).slice(0, 8)}`);
  }
  const tagged = fromRestic.find((s) => (s.tags as string[]).includes("kept"))!;
  assert.ok(tagged.original, "the tag change left an `original` field to compare");
  assert.ok(fromRestic.every((s) => s.summary), "restic ≥ 0.17 writes summaries");

  // The driver's Snapshot shape, as every caller uses it: identical from both paths.
  const restic = new Restic(await testRestic(), target, {
    extraEnv: { RESTIC_CACHE_DIR: join(work, "restic-cache") },
  });
  assert.deepEqual(await readSnapshots(target, ids, { keyCache }), await restic.snapshots());

  // Version 2 stores snapshots zstd-compressed (first plaintext byte 2): prove that path ran.
  const firstBytes = await Promise.all(ids.map(async (id) => {
    const sealed = target.kind === "local"
      ? await Deno.readFile(join(target.localPath!, "snapshots", id))
      : new Uint8Array(
        await (await fetch(`${target.restBase}snapshots/${id}`, {
          headers: { Authorization: `Basic ${btoa(`${TOKEN.id}:${TOKEN.password}`)}` },
        })).arrayBuffer(),
      );
    return (await openSealed(repository.key, sealed, id))[0];
  }));
  assert.deepEqual(new Set(firstBytes), new Set([version === 2 ? 2 : 0x7b]));
}

for (const version of [2, 1] as const) {
  Deno.test(`reader lists a version ${version} local repository exactly as restic snapshots --json`, async () => {
    await using tmp = await tempDir();
    await agreesWithRestic(repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE), version, tmp.path);
  });

  Deno.test(`reader lists a version ${version} rest-server repository exactly as restic snapshots --json`, async () => {
    await using server = await startRestServer({ users: { alice: TOKEN.password } });
    await using tmp = await tempDir();
    await agreesWithRestic(repoTarget(server.url, TOKEN, INSTANCE), version, tmp.path);
  });
}
