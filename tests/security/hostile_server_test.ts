/**
 * A hostile server cannot exhaust memory or time (docs/hostile-input.md): listings and repository files are
 * read up to a limit, key files with dear scrypt parameters are never derived, and at most 20 key files
 * are tried. Every refusal is an IntegrityError (or the listing's ResticError): never a fallback to restic.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { listSnapshotIds } from "../../core/restic/listing.ts";
import { repoTarget } from "../../core/restic/repo.ts";
import { repoFiles } from "../../core/repo/files.ts";
import { IntegrityError } from "../../core/repo/errors.ts";
import { RepoLimitError } from "../../core/repo/limits.ts";
import { openRepository } from "../../core/repo/masterKey.ts";
import { KeyFileLimitError } from "../../core/repo/keyFile.ts";
import { AuthError } from "../../core/errors.ts";
import { tempDir } from "../helpers/tmp.ts";
import { testResticPath } from "../helpers/tools.ts";

const ID = "01JD00000000000000000000AA";
const TOKEN = { id: "me", password: "pw" };
const noFallback = () => Promise.reject(new Error("restic must not be asked"));

/** A server that answers every GET with an endless JSON array (or `body` when given). */
function hostileServer(body?: () => Uint8Array) {
  const entry = new TextEncoder().encode(`{"name":"${"a".repeat(64)}","size":1},`);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    if (body) return new Response(body() as Uint8Array<ArrayBuffer>);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode("["));
      },
      pull(c) {
        const chunk = new Uint8Array(entry.length * 1000);
        for (let i = 0; i < 1000; i++) chunk.set(entry, i * entry.length);
        c.enqueue(chunk);
      },
      cancel() {},
    });
    return new Response(stream, { headers: { "content-type": "application/json" } });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/`, server };
}

Deno.test("an endless snapshot listing is cut off at its limit, in seconds and bounded memory", async () => {
  const { url, server } = hostileServer();
  try {
    const target = repoTarget(url, TOKEN, ID);
    const heap = Deno.memoryUsage().rss;
    const started = performance.now();
    await assert.rejects(() => listSnapshotIds(target, noFallback), /larger than 16 MiB .*refusing it/);
    assert.ok(performance.now() - started < 10_000, "refused in seconds");
    const grown = Deno.memoryUsage().rss - heap;
    assert.ok(grown < 200 * 1024 * 1024, `memory grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
    await assert.rejects(() => repoFiles(target).list("keys"), RepoLimitError);
  } finally {
    await server.shutdown();
  }
});

Deno.test("a repository file larger than its type's limit is refused, announced or not", async () => {
  const big = new Uint8Array(17 * 1024 * 1024);
  const { url, server } = hostileServer(() => big);
  try {
    const files = repoFiles(repoTarget(url, TOKEN, ID));
    await assert.rejects(() => files.get(`snapshots/${"b".repeat(64)}`), RepoLimitError);
    await assert.rejects(
      () => files.get("config"),
      (e) => e instanceof RepoLimitError && /64 KiB/.test(e.message),
    );
    await assert.rejects(() => files.readPack("c".repeat(64), 0, 65 * 1024 * 1024), RepoLimitError);
  } finally {
    await server.shutdown();
  }
});

async function resticRepo(dir: string): Promise<string> {
  const repo = join(dir, ID);
  const out = await new Deno.Command(testResticPath(), {
    args: ["init", "-q", "-r", repo],
    env: { RESTIC_PASSWORD: TOKEN.password, RESTIC_CACHE_DIR: join(dir, "cache") },
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return repo;
}

function keyFile(N: number, r: number, p: number): string {
  const salt = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(64))));
  const data = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(96))));
  return JSON.stringify({ kdf: "scrypt", N, r, p, salt, data });
}

Deno.test("a key file asking for 32 GiB of scrypt is never derived; the real key still opens", async () => {
  await using tmp = await tempDir();
  const repo = await resticRepo(tmp.path);
  await Deno.writeTextFile(join(repo, "keys", "0".repeat(64)), keyFile(2 ** 25, 8, 1)); // sorts first
  const target = repoTarget(tmp.path, TOKEN, ID);
  const started = performance.now();
  const opened = await openRepository(target, repoFiles(target), { keyCache: null });
  assert.equal(opened.keySource, "derived");
  assert.ok(performance.now() - started < 10_000);

  const wrong = repoTarget(tmp.path, { ...TOKEN, password: "not-it" }, ID);
  await assert.rejects(
    () => openRepository(wrong, repoFiles(wrong), { keyCache: null }),
    (e) =>
      e instanceof KeyFileLimitError && e instanceof IntegrityError &&
      /beyond what restic writes/.test(e.message),
    "said, and an IntegrityError: the caller never hands it to restic",
  );
});

Deno.test("no more than 20 key files are tried, as restic does", async () => {
  await using tmp = await tempDir();
  const repo = await resticRepo(tmp.path);
  // 25 cheap key files of another password, all sorting before the real one.
  for (let i = 0; i < 25; i++) {
    await Deno.writeTextFile(join(repo, "keys", i.toString(16).padStart(64, "0")), keyFile(1024, 8, 1));
  }
  const target = repoTarget(tmp.path, TOKEN, ID);
  await assert.rejects(
    () => openRepository(target, repoFiles(target), { keyCache: null }),
    (e) => e instanceof AuthError && /none of the first 20 of 26 key files/.test(e.message),
  );
});

Deno.test("the scrypt work of one open is bounded across key files and both passwords", async () => {
  await using tmp = await tempDir();
  const repo = await resticRepo(tmp.path); // made with the token's password: both passwords are tried
  const [real] = [...Deno.readDirSync(join(repo, "keys"))].map((e) => e.name);
  const { N, r, p } = JSON.parse(await Deno.readTextFile(join(repo, "keys", real)));
  // 19 key files of another password (4 MiB of scrypt work each), all sorting before the real one:
  // unbounded, the two passwords derive all 38 of them, and the real key twice.
  for (let i = 0; i < 19; i++) {
    await Deno.writeTextFile(join(repo, "keys", i.toString(16).padStart(64, "0")), keyFile(1024, 8, 4));
  }
  const target = repoTarget(tmp.path, TOKEN, ID);
  // Enough for the real key once and three forged ones: spent before the token's password gets there.
  const scryptWork = 128 * N * r * p + 3 * 4 * 2 ** 20;
  await assert.rejects(
    () => openRepository(target, repoFiles(target), { keyCache: null, scryptWork }),
    (e) =>
      e instanceof KeyFileLimitError && /scrypt work of this repository's key files past/.test(e.message),
  );
  const opened = await openRepository(target, repoFiles(target), { keyCache: null });
  assert.equal(opened.keySource, "derived", "the default budget still reaches the real key");
});
