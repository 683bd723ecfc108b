/**
 * The master-key cache against real repositories: where it lives and with which mode, that it spares
 * the derivation, and that it never outlives the key or the password it was made for. Plus tampered
 * snapshot files, which must stop the reader rather than vanish from the history.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { AuthError } from "../../../core/errors.ts";
import { IntegrityError } from "../../../core/repo/errors.ts";
import { cachedKeys, keyCache, keyCacheDir, storeKey } from "../../../core/repo/keyCache.ts";
import { testKeyCache } from "../../helpers/keyCache.ts";
import { type RepoFiles, repoFiles } from "../../../core/repo/files.ts";
import { openRepository } from "../../../core/repo/masterKey.ts";
import { splitKey } from "../../../core/repo/crypto.ts";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { readSnapshotDocuments } from "../../../core/repo/snapshots.ts";
import { type RepoTarget, repoTarget } from "../../../core/restic/repo.ts";
import { runRestic, smallRepo } from "../../helpers/resticRepo.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { listNames } from "../../helpers/tmp.ts";

const TOKEN = { id: "alice", password: "alice-Secret-1" };
const INSTANCE = "01JD0000000000000000000000";

async function fixture(work: string, version: 1 | 2 = 2) {
  const target = repoTarget(join(work, "repos"), TOKEN, INSTANCE);
  const ids = await smallRepo(target, version, work);
  const cache = keyCache(
    {
      XDG_CACHE_HOME: join(work, "xdg-cache"),
      XDG_CONFIG_HOME: join(work, "xdg-config"),
      HOME: join(work, "home"),
    },
    "linux",
  )!;
  const cacheDir = cache.dir;
  const read = (t: RepoTarget = target) => readSnapshotDocuments(t, ids, { keyCache: cache });
  return { target, ids, cache, cacheDir, read };
}

Deno.test("the master key is cached in the user's cache folder, one 0600 file per repository id", async () => {
  await using tmp = await tempDir();
  const { cacheDir, read } = await fixture(tmp.path);
  assert.equal(cacheDir, join(tmp.path, "xdg-cache", "instance-sync", "keys"));
  const first = await read();
  assert.equal(first.repository.keySource, "derived");
  assert.deepEqual(await listNames(cacheDir), [first.repository.id], "named by the repository id");
  const entry = join(cacheDir, first.repository.id);
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(entry)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(cacheDir)).mode! & 0o777, 0o700);
  }
  const text = await Deno.readTextFile(entry);
  assert.ok(!text.includes(TOKEN.password), "the password is not in the cache");
  const second = await read();
  assert.equal(second.repository.keySource, "cache");
  assert.deepEqual(second.documents, first.documents);
});

Deno.test("a cache entry holds no password and nothing that checks a guess without the per-computer secret", async () => {
  await using tmp = await tempDir();
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const enc = new TextEncoder();
  const repo = "ab".repeat(32);
  const key = splitKey(Uint8Array.from({ length: 64 }, (_, i) => i));
  for (const password of [TOKEN.password, "\u00e9t\u00e9:☃"]) {
    const cache = testKeyCache(tmp.path, `keys-${password.length}`);
    const entry = {
      password,
      display: "rest:http://host/x/",
      repositoryId: repo,
      protection: "protected" as const,
    };
    await storeKey(cache, entry, key);
    const text = await Deno.readTextFile(join(cache.dir, repo));
    const stored = JSON.parse(text);
    assert.deepEqual(
      Object.keys(stored).sort(),
      ["binding", "key", "location", "protection", "repository", "version"],
      "exactly these fields: no salt, no scrypt parameters, no password",
    );
    assert.equal(stored.version, 2);
    assert.ok(!text.includes(password), "the password is not in the entry");
    // The binding is an HMAC keyed with the secret: with the password alone it cannot be recomputed
    // (the former binding, HMAC keyed with the password, was a 250,000-guesses-a-second oracle).
    const secret = Uint8Array.from(
      (await Deno.readTextFile(cache.secretFile)).trim().match(/../g)!,
      (h) => parseInt(h, 16),
    );
    assert.equal(secret.length, 32);
    assert.notEqual(
      stored.binding,
      hex(hmac(sha256, enc.encode(password), enc.encode(`restic-master-key:${repo}`))),
    );
    assert.equal(
      stored.binding,
      hex(hmac(sha256, secret, enc.encode(`instance-sync key cache v2\0${repo}\0${password}`))),
    );
    if (Deno.build.os !== "windows") assert.equal((await Deno.stat(cache.secretFile)).mode! & 0o777, 0o600);
    assert.equal(stored.location, hex(sha256(enc.encode("rest:http://host/x/"))));
    const [found, ...more] = await cachedKeys(cache, password, "rest:http://host/x/");
    assert.deepEqual([found?.repositoryId, found?.sameLocation, found?.protection, more.length], [
      repo,
      true,
      "protected",
      0,
    ]);
    assert.deepEqual(found.key, key);
    assert.deepEqual(await cachedKeys(cache, password + "x", "rest:http://host/x/"), [], "another password");
  }
});

Deno.test("without its secret the cache answers nothing, and an entry of the former format is ignored", async () => {
  await using tmp = await tempDir();
  const cache = testKeyCache(tmp.path);
  const repo = "cd".repeat(32);
  const key = splitKey(Uint8Array.from({ length: 64 }, (_, i) => 255 - i));
  const entry = {
    password: TOKEN.password,
    display: "/r",
    repositoryId: repo,
    protection: "protected" as const,
  };
  await storeKey(cache, entry, key);
  assert.equal((await cachedKeys(cache, TOKEN.password, "/r")).length, 1);
  await Deno.remove(cache.secretFile);
  assert.deepEqual(await cachedKeys(cache, TOKEN.password, "/r"), [], "the secret is gone: no entry fits");
  // A version 1 entry (binding = HMAC keyed with the password) is skipped, then replaced by storeKey.
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const enc = new TextEncoder();
  await Deno.writeTextFile(
    join(cache.dir, repo),
    JSON.stringify({
      version: 1,
      repository: repo,
      binding: hex(hmac(sha256, enc.encode(TOKEN.password), enc.encode(`restic-master-key:${repo}`))),
      location: hex(sha256(enc.encode("/r"))),
      key: btoa(String.fromCharCode(...Array.from({ length: 64 }, (_, i) => 255 - i))),
    }),
  );
  assert.deepEqual(
    await cachedKeys(cache, TOKEN.password, "/r"),
    [],
    "an old entry is not an error, and not used",
  );
  await storeKey(cache, entry, key);
  assert.equal((await cachedKeys(cache, TOKEN.password, "/r")).length, 1, "replaced by a new entry");
});

Deno.test("key cache folder follows each OS's convention and is null without a home", () => {
  assert.equal(keyCacheDir({ HOME: "/home/p" }, "linux"), "/home/p/.cache/instance-sync/keys");
  assert.equal(keyCacheDir({ HOME: "/home/p", XDG_CACHE_HOME: "/c" }, "linux"), "/c/instance-sync/keys");
  assert.equal(keyCacheDir({ HOME: "/Users/p" }, "darwin"), "/Users/p/Library/Caches/instance-sync/keys");
  assert.equal(
    keyCacheDir({ LOCALAPPDATA: "C:\\Users\\p\\AppData\\Local" }, "windows"),
    "C:\\Users\\p\\AppData\\Local\\instance-sync\\cache\\keys",
  );
  assert.equal(keyCacheDir({ INSTANCE_SYNC_CACHE_DIR: "/x", HOME: "/home/p" }, "linux"), join("/x", "keys"));
  assert.equal(keyCacheDir({}, "linux"), null);
});

Deno.test("a cached key that no longer authenticates is dropped and derived again", async () => {
  await using tmp = await tempDir();
  const { target, cache, read } = await fixture(tmp.path);
  const { repository } = await read();
  const wrong = {
    encrypt: crypto.getRandomValues(new Uint8Array(32)),
    macK: crypto.getRandomValues(new Uint8Array(16)),
    macR: crypto.getRandomValues(new Uint8Array(16)),
  };
  const entry = { password: TOKEN.password, display: target.display, repositoryId: repository.id };
  await storeKey(cache, { ...entry, protection: "protected" }, wrong);
  const again = await read();
  assert.equal(again.repository.keySource, "derived", "the stale key was not used");
  assert.deepEqual(again.repository.key, repository.key);
  assert.equal((await read()).repository.keySource, "cache", "the right key replaced the stale one");
});

Deno.test("a repository made anew at the same place drops the old repository's cached key", async () => {
  await using tmp = await tempDir();
  const { target, cache, cacheDir, read } = await fixture(tmp.path);
  const old = (await read()).repository.id;
  await Deno.remove(target.localPath!, { recursive: true });
  await Deno.remove(join(tmp.path, "pack"), { recursive: true });
  const ids = await smallRepo(target, 2, tmp.path);
  const fresh = await readSnapshotDocuments(target, ids, { keyCache: cache });
  assert.equal(fresh.repository.keySource, "derived");
  assert.notEqual(fresh.repository.id, old);
  assert.deepEqual(await listNames(cacheDir), [fresh.repository.id], "the old entry is gone");
});

Deno.test("a changed password derives the key again; the old password no longer opens the cache", async () => {
  await using tmp = await tempDir();
  const { target, ids, cache, read } = await fixture(tmp.path);
  assert.equal((await read()).repository.keySource, "derived");
  const newPassword = "alice-New-Secret-2";
  const pwFile = join(tmp.path, "new-password");
  await Deno.writeTextFile(pwFile, newPassword);
  await runRestic(target, ["key", "passwd", "--new-password-file", pwFile], {
    cacheDir: join(tmp.path, "restic-cache"),
  });
  const renewed = repoTarget(join(tmp.path, "repos"), { ...TOKEN, password: newPassword }, INSTANCE);
  const withNew = await readSnapshotDocuments(renewed, ids, { keyCache: cache });
  assert.equal(withNew.repository.keySource, "derived", "an entry bound to the old password is not used");
  assert.equal(
    (await readSnapshotDocuments(renewed, ids, { keyCache: cache })).repository.keySource,
    "cache",
  );
  await assert.rejects(() => read(), AuthError, "the old password opens nothing, cached or not");
});

Deno.test("a wrong password is an authentication error and caches nothing", async () => {
  await using tmp = await tempDir();
  const { ids, cache, cacheDir } = await fixture(tmp.path);
  const wrong = repoTarget(join(tmp.path, "repos"), { ...TOKEN, password: "wrong-Password-9" }, INSTANCE);
  await assert.rejects(() => readSnapshotDocuments(wrong, ids, { keyCache: cache }), (e) => {
    assert.ok(e instanceof AuthError, String(e));
    assert.ok(!e.message.includes("wrong-Password-9"));
    return true;
  });
  assert.deepEqual(await listNames(cacheDir), []);
});

for (const version of [2, 1] as const) {
  Deno.test(`a tampered version ${version} snapshot file fails authentication and stops the read`, async () => {
    await using tmp = await tempDir();
    const { target, ids, cache } = await fixture(tmp.path, version);
    const dir = join(target.localPath!, "snapshots");
    const bytes = await Deno.readFile(join(dir, ids[0]));
    bytes[20] ^= 0x01; // one bit of the ciphertext
    // Stored under its new hash, so only the MAC can tell.
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const forged = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    await Deno.remove(join(dir, ids[0]));
    await Deno.writeFile(join(dir, forged), bytes);
    await assert.rejects(
      () => readSnapshotDocuments(target, [forged], { keyCache: cache }),
      (e) =>
        e instanceof IntegrityError && /failed authentication/.test(e.message) &&
        e.message.includes(forged.slice(0, 8)),
    );
    // Under its old name, the content no longer matches the id.
    await Deno.writeFile(join(dir, ids[0]), bytes);
    await assert.rejects(
      () => readSnapshotDocuments(target, [ids[0]], { keyCache: cache }),
      (e) => e instanceof IntegrityError && /does not match its name/.test(e.message),
    );
  });
}

Deno.test("a wrong password is tested only by scrypt over the repository's key files, never by the cache", async () => {
  await using tmp = await tempDir();
  const { target, cache, read } = await fixture(tmp.path);
  await read(); // the right password's key is cached
  const keyFilesOpened: string[] = [];
  const counting = (t: RepoTarget): RepoFiles => {
    const files = repoFiles(t, {});
    return {
      ...files,
      get: (path) => {
        if (path.startsWith("keys/")) keyFilesOpened.push(path);
        return files.get(path);
      },
      list: files.list.bind(files),
    };
  };
  const right = await openRepository(target, counting(target), { keyCache: cache });
  assert.equal(right.keySource, "cache");
  assert.deepEqual(keyFilesOpened, [], "the right password: no key file read, no scrypt");
  const wrong = repoTarget(join(tmp.path, "repos"), { ...TOKEN, password: "guess-1" }, INSTANCE);
  await assert.rejects(() => openRepository(wrong, counting(wrong), { keyCache: cache }), AuthError);
  assert.ok(keyFilesOpened.length > 0, "a guess is answered only after the key files' scrypt");
});

Deno.test("the key cache's secret lives in the user's config folder, not beside the cached keys", () => {
  assert.deepEqual(keyCache({ HOME: "/home/p" }, "linux"), {
    dir: "/home/p/.cache/instance-sync/keys",
    secretFile: "/home/p/.config/instance-sync/key-cache.secret",
  });
  assert.deepEqual(keyCache({ INSTANCE_SYNC_CACHE_DIR: "/c", INSTANCE_SYNC_CONFIG_DIR: "/k" }, "linux"), {
    dir: join("/c", "keys"),
    secretFile: "/k/key-cache.secret",
  });
  // A bare environment naming only a cache folder (an embedder): the secret beside keys/, not in it.
  assert.deepEqual(keyCache({ INSTANCE_SYNC_CACHE_DIR: "/c" }, "linux"), {
    dir: join("/c", "keys"),
    secretFile: "/c/key-cache.secret",
  });
  assert.equal(keyCache({}, "linux"), null);
});
