/**
 * The fast key (core/repo/fastKey.ts) against the real restic: a key file made in-process opens the
 * repository in restic with its password and hint, on a local folder and on an append-only
 * rest-server, in both repository versions; the token keeps opening it; a second search finds the key
 * instead of adding another. Plus the pieces: the password's derivation, the runtime's scrypt against
 * an independent implementation, and the cost gate that keeps the token's key untried.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { scrypt as nobleScrypt } from "@noble/hashes/scrypt.js";
import { splitKey } from "../../../core/repo/crypto.ts";
import {
  FAST_KEY_PARAMS,
  fastPassword,
  findOrCreateFastKey,
  makeKeyFile,
} from "../../../core/repo/fastKey.ts";
import { repoFiles } from "../../../core/repo/files.ts";
import { openKeyFile } from "../../../core/repo/keyFile.ts";
import { openRepository } from "../../../core/repo/masterKey.ts";
import { scrypt } from "../../../core/repo/scrypt.ts";
import { type RepoTarget, repoTarget } from "../../../core/restic/repo.ts";
import { runRestic, smallRepo } from "../../helpers/resticRepo.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";

const TOKEN = { id: "alice", password: "alice-Secret-1" };
const INSTANCE = "01JD0000000000000000000000";

Deno.test("the fast key's password is fixed by the master key and the repository id, and changes with either", async () => {
  const master = splitKey(Uint8Array.from({ length: 64 }, (_, i) => i));
  const other = splitKey(Uint8Array.from({ length: 64 }, (_, i) => 63 - i));
  const repo = "ab".repeat(32);
  const pw = await fastPassword(master, repo);
  assert.equal(pw, await fastPassword(master, repo), "every computer computes the same one");
  assert.equal(atob(pw).length, 32, "256 bits: nothing a guess could find, so scrypt's cost adds nothing");
  assert.notEqual(pw, await fastPassword(other, repo), "another master key");
  assert.notEqual(pw, await fastPassword(master, "cd".repeat(32)), "another repository");
});

Deno.test("scrypt through the runtime agrees with @noble/hashes, for restic's parameters and the fast key's", async () => {
  const salt = Uint8Array.from({ length: 64 }, (_, i) => i * 3);
  const password = new TextEncoder().encode("p\u00e4ssword");
  for (const params of [{ N: 16384, r: 8, p: 3 }, FAST_KEY_PARAMS]) {
    assert.deepEqual(
      await scrypt(password, salt, params),
      nobleScrypt(password, salt, { ...params, dkLen: 64 }),
      JSON.stringify(params),
    );
  }
});

Deno.test("a key file dearer than the caller allows is answered null untried, even with its right password", async () => {
  const master = splitKey(crypto.getRandomValues(new Uint8Array(64)));
  const made = await makeKeyFile(master, "pw", "pc");
  const text = new TextDecoder().decode(made.bytes);
  assert.deepEqual(
    await openKeyFile(text, "pw", "k", FAST_KEY_PARAMS.N),
    master,
    "as cheap as allowed: opened",
  );
  assert.equal(
    await openKeyFile(text, "pw", "k", FAST_KEY_PARAMS.N / 2),
    null,
    "dearer than allowed: untried",
  );
});

async function fastKeyOpensInRestic(target: RepoTarget, version: 1 | 2, work: string): Promise<void> {
  const ids = await smallRepo(target, version, work);
  const cacheDir = join(work, "restic-cache");
  const files = repoFiles(target);
  const repo = await openRepository(target, files, { keyCache: null });
  const fast = await findOrCreateFastKey(files, repo.key, repo.id, "pc-a");
  const withFast = { RESTIC_PASSWORD: fast.password, RESTIC_KEY_HINT: fast.id };
  const listed = (text: string) => JSON.parse(text).map((s: { id: string }) => s.id).sort();
  assert.deepEqual(
    listed(await runRestic(target, ["snapshots", "--json"], { cacheDir, env: withFast })),
    ids,
  );
  assert.deepEqual(
    listed(await runRestic(target, ["snapshots", "--json"], { cacheDir })),
    ids,
    "the token too",
  );
  const again = await findOrCreateFastKey(files, repo.key, repo.id, "pc-b");
  assert.equal(again.id, fast.id, "found, not made twice");
  const keys = JSON.parse(await runRestic(target, ["key", "list", "--json"], { cacheDir }));
  assert.equal(keys.length, 2, JSON.stringify(keys));
  const ours = keys.find((k: { id: string }) => fast.id.startsWith(k.id));
  assert.deepEqual([ours?.userName, ours?.hostName], ["instance-sync", "pc-a"]);
  // A wrong password with the fast key's hint is still refused (exit 12): the hint only orders the keys.
  await assert.rejects(
    runRestic(target, ["cat", "config"], { cacheDir, env: { ...withFast, RESTIC_PASSWORD: "wrong" } }),
    /exited 12/,
  );
}

for (const version of [1, 2] as const) {
  Deno.test(`a fast key made in-process opens a local version ${version} repository in restic`, async () => {
    await using tmp = await tempDir();
    await fastKeyOpensInRestic(repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE), version, tmp.path);
  });

  Deno.test(`a fast key is stored through an append-only rest-server and opens a version ${version} repository`, async () => {
    await using server = await startRestServer({ users: { alice: TOKEN.password } });
    await using tmp = await tempDir();
    await fastKeyOpensInRestic(repoTarget(server.url, TOKEN, INSTANCE), version, tmp.path);
  });
}
