/**
 * The first sync of a computer (no base yet): its messages say what is true, and a joined computer
 * whose files are byte for byte the cloud's is no conflict, while one differing byte still is. Real
 * restic against a local-folder repository, a rest-server, and (restic answering instead of the
 * in-process reader) an rclone location.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ConflictError } from "../../../core/errors.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { readState } from "../../../core/sync/state.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import type { Token } from "../../../core/config/token.ts";
import type { ConflictDescription, Prompter } from "../../../core/ui.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { skipIf } from "../../helpers/skip.ts";
import { Machine } from "./world.ts";

interface Repo {
  url: string;
  /** The same repository as b names it (default `url`). */
  joinUrl?: string;
  token: Token;
  cleanup(): Promise<void>;
}

const WORLD = {
  "saves/Survival/level.dat": "level v1",
  "saves/Survival/region/r.0.0.mca": "region data ".repeat(500),
  "options.txt": "fov:70",
  "screenshots/2026-01-01.png": "png",
};

/** Several MiB of bytes restic cuts into several chunks (random: its compression cannot shrink them). */
const BIG = (() => {
  const bytes = new Uint8Array(3 * 1024 * 1024 + 17);
  for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return bytes;
})();

async function joined(repo: Repo) {
  const spy = await resticSpy(await Deno.makeTempDir({ prefix: "is-first-spy-" }));
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  const id = await a.init(repo.url, repo.token);
  await b.init(repo.joinUrl ?? repo.url, repo.token, id);
  return { a, b, spy };
}

/** Writes `files` on `m` with an mtime a day older than the cloud's: equal content, never equal mtime. */
async function writeOlder(m: Machine, files: Record<string, string>) {
  await m.write(files);
  const old = new Date(Date.now() - 86_400_000);
  for (const p of Object.keys(files)) await Deno.utime(join(m.pack, p), old, old);
}

function define(prefix: string, makeRepo: () => Promise<Repo>, opts: { inProcess: boolean }) {
  const test = (name: string, fn: (r: Repo) => Promise<void>) =>
    Deno.test(`${prefix}: ${name}`, async () => {
      const repo = await makeRepo();
      try {
        await fn(repo);
      } finally {
        await repo.cleanup();
      }
    });

  test("a joined computer whose options.txt is the cloud's launches without a question and takes the cloud's snapshot as base", async (r) => {
    const { a, b } = await joined(r);
    await a.write(WORLD);
    const pushed = await push(a.options());
    await writeOlder(b, { "options.txt": WORLD["options.txt"] });
    const pulled = await pull(b.options()); // headless, --on-conflict=abort: a conflict would throw
    assert.equal(pulled.outcome, "restored", b.reporter.text());
    assert.match(pulled.message, /this computer's 1 file\(s\) were the same already/);
    assert.deepEqual(b.reporter.conflicts, []);
    assert.equal((await readState(instancePaths(b.pack))).base?.id, pushed.snapshot);
    assert.deepEqual(await b.tree(), WORLD);
    assert.equal((await push(b.options())).outcome, "up-to-date");
    assert.equal((await pull(b.options())).outcome, "up-to-date");
  });

  test("a joined computer holding exactly the cloud's files adopts its snapshot (in-process: downloading nothing)", async (r) => {
    const { a, b, spy } = await joined(r);
    await a.write(WORLD);
    await Deno.writeFile(join(a.pack, "saves/Survival/region/r.1.0.mca"), BIG);
    const pushed = await push(a.options());
    await writeOlder(b, WORLD);
    await Deno.writeFile(join(b.pack, "saves/Survival/region/r.1.0.mca"), BIG);
    const before = (await spy.calls()).length;
    const pulled = await pull(b.options());
    assert.equal(pulled.outcome, "adopted", b.reporter.text());
    assert.match(pulled.message, /are the same as the cloud's version from pc-a/);
    assert.equal((await readState(instancePaths(b.pack))).base?.id, pushed.snapshot);
    const calls = (await spy.calls()).slice(before);
    if (opts.inProcess) assert.deepEqual(calls, [], "the chunk ids decide: restic is not started");
    else assert.ok(calls.some((c) => c.startsWith("restore")), "restic restores the copy to compare");
    assert.equal((await push(b.options())).outcome, "up-to-date");
  });

  test("one different byte in a same-size file at first sync still stops a headless launch with exit 3", async (r) => {
    const { a, b } = await joined(r);
    await a.write(WORLD);
    await push(a.options());
    await writeOlder(b, { ...WORLD, "options.txt": "fov:71" });
    const before = await b.tree();
    const err = await pull(b.options()).catch((e) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.equal(err.exitCode, 3);
    assert.match(err.message, /has its own ".*" files \("options.txt" is not the cloud's\)/);
    assert.equal(b.reporter.conflicts[0]?.reason, "first-sync");
    assert.deepEqual(await b.tree(), before, "nothing changed");
    assert.equal((await readState(instancePaths(b.pack))).base, null);
  });

  test("one different byte deep in a multi-chunk file is found", async (r) => {
    const { a, b } = await joined(r);
    await a.write(WORLD);
    await Deno.writeFile(join(a.pack, "saves/Survival/region/r.1.0.mca"), BIG);
    await push(a.options());
    const changed = BIG.slice();
    changed[changed.length - 5] ^= 1;
    await writeOlder(b, WORLD);
    await Deno.writeFile(join(b.pack, "saves/Survival/region/r.1.0.mca"), changed);
    const err = await pull(b.options()).catch((e) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.match(err.message, /"saves\/Survival\/region\/r\.1\.0\.mca" is not the cloud's/);
  });

  test("a local file the cloud lacks keeps the first-sync question, even when the rest is equal", async (r) => {
    const { a, b } = await joined(r);
    await a.write(WORLD);
    await push(a.options());
    await writeOlder(b, { "options.txt": WORLD["options.txt"], "saves/Mine/level.dat": "b's own world" });
    const err = await pull(b.options()).catch((e) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.match(err.message, /"saves\/Mine\/level.dat" is not the cloud's/);
    assert.equal((await b.tree())["saves/Mine/level.dat"], "b's own world");
  });
}

define("local-folder repository", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-first-repo-" });
  return {
    url: join(dir, "repositories"),
    token: { id: "player", password: "local-secret" },
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}, { inProcess: true });

define("rest-server (append-only, private repos)", async () => {
  const server = await startRestServer({ users: { player: "rest-secret" } });
  return {
    url: server.url,
    token: { id: "player", password: "rest-secret" },
    cleanup: () => server[Symbol.asyncDispose](),
  };
}, { inProcess: true });

const rclone = (() => {
  try {
    return new Deno.Command("rclone", { args: ["version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();
if (!skipIf(!rclone, "first sync through restic (rclone location)", "rclone is not installed")) {
  define("rclone location (restic answers, not the in-process reader)", async () => {
    const dir = await Deno.makeTempDir({ prefix: "is-first-rclone-" });
    // a creates the repository in a folder; b reads that folder through rclone, which only restic speaks.
    return {
      url: join(dir, "repositories"),
      joinUrl: `rclone::local:${join(dir, "repositories")}`,
      token: { id: "player", password: "rclone-secret" },
      cleanup: () => Deno.remove(dir, { recursive: true }),
    };
  }, { inProcess: false });
}

Deno.test("the first pull of a new instance says its files are not in the cloud yet, not that a push did not run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-first-msg-" });
  try {
    const { a, b } = await joined({
      url: join(dir, "repos"),
      token: { id: "p", password: "pw" },
      cleanup: () => Promise.resolve(),
    });
    await a.write(WORLD);
    const first = await pull(a.options());
    assert.equal(first.outcome, "caught-up", a.reporter.text());
    assert.match(
      a.reporter.text(),
      /files are not in the cloud yet; uploading them first \(its first upload\)/,
    );
    assert.doesNotMatch(a.reporter.text(), /push did not run|never uploaded/);
    // A joined computer with no files of its own: the cloud's version, and no word about uploads.
    const joinedEmpty = await pull(b.options());
    assert.equal(joinedEmpty.outcome, "restored");
    assert.match(joinedEmpty.message, /^updated to the cloud's version from pc-a/);
    // (a's pull let a launch go ahead, so b is told a is still playing: that line is presence's, not this)
    assert.doesNotMatch(b.reporter.text(), /uploading|first upload|never uploaded|push did not run/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a joined computer with files of its own and an empty cloud uploads them as the first upload", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-first-msg-" });
  try {
    const { b } = await joined({
      url: join(dir, "repos"),
      token: { id: "p", password: "pw" },
      cleanup: () => Promise.resolve(),
    });
    await b.write({ "options.txt": "fov:90" });
    assert.equal((await pull(b.options())).outcome, "caught-up", b.reporter.text());
    assert.match(b.reporter.text(), /not in the cloud yet; uploading them first/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("in a terminal, a first sync with one different byte still asks the first-sync question", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-first-ask-" });
  try {
    const { a, b } = await joined({
      url: join(dir, "repos"),
      token: { id: "p", password: "pw" },
      cleanup: () => Promise.resolve(),
    });
    await a.write(WORLD);
    await push(a.options());
    await writeOlder(b, { "options.txt": "fov:71" });
    const asked: ConflictDescription[] = [];
    const prompter: Prompter = {
      chooseConflict: (d) => (asked.push(d), Promise.resolve("cancel")),
      confirmForkPush: () => Promise.reject(new Error("not this question")),
      confirm: () => Promise.reject(new Error("not this question")),
      confirmPlayingElsewhere: () => Promise.reject(new Error("not this question")),
      login: () => Promise.reject(new Error("not this question")),
    };
    const err = await pull(b.options({ onConflict: "ask", prompter })).catch((e) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.equal(asked.length, 1);
    assert.equal(asked[0].reason, "first-sync");
    assert.equal((await b.tree())["options.txt"], "fov:71");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("after keep-local at a first sync, the next pull says the kept version is not uploaded yet and never advises pull", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-first-kept-" });
  try {
    const { a, b } = await joined({
      url: join(dir, "repos"),
      token: { id: "p", password: "pw" },
      cleanup: () => Promise.resolve(),
    });
    await a.write(WORLD);
    await push(a.options());
    await writeOlder(b, { "options.txt": "fov:71" });
    assert.equal((await pull(b.options({ onConflict: "keep-local" }))).outcome, "kept-local");
    // The game ran, its post-exit push did not: the next pull uploads the kept version first.
    const err = await pull(b.options()).catch((e) => e);
    assert.match(
      b.reporter.text(),
      /version was kept over the cloud's \(chosen earlier\) and is not uploaded yet/,
    );
    assert.ok(err instanceof ConflictError, String(err)); // one file over the cloud's worlds: guarded
    assert.match(err.message, /In a terminal run `instance-sync resolve` to decide/);
    assert.doesNotMatch(err.message, /instance-sync pull/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
