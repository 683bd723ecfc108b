/**
 * A broken server never blocks play (docs/troubleshooting.md). A loopback server answers 500, 502, 503 and 429 —
 * to the cheap listing, or only to restic's own requests while the listing passes through to a real
 * rest-server — and the launcher's `pull`/`push` (real CLI processes, real restic) must exit 0 with
 * one line naming the server as the player wrote it and the status, or exit 1 with
 * `--offline=abort`; never exit 0 once a restore is journaled. A server that accepts and never
 * answers keeps today's path: offline after the listing's 15 s limit.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type CliResult, runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { type BrokenServer, fromRestic, startBrokenServer } from "../helpers/brokenServer.ts";
import { type RestServer, startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";

const USER = { id: "player", password: "broken-Server-pw-7" };
const STATUSES = [500, 502, 503, 429];

interface Computer {
  pack: string;
  env: Record<string, string>;
}

/** Computer A sets up the instance on the real server and uploads one snapshot. */
async function sharedInstance(server: RestServer): Promise<{ root: string; id: string; a: Computer }> {
  const root = await Deno.makeTempDir({ prefix: "is-broken-" });
  const a = await computer(root, "pc-a");
  await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "v1");
  const init = await runCliProcess(["init", `--url=${server.url}`], {
    env: a.env,
    input: `${USER.id}:${USER.password}\n`,
  });
  assert.equal(init.code, 0, init.stderr);
  const push = await runCliProcess(["push"], { env: a.env });
  assert.equal(push.code, 0, push.stderr);
  const id = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/sync.json"))).instance_id;
  return { root, id, a };
}

async function computer(root: string, host: string): Promise<Computer> {
  const pack = join(root, host, ".minecraft");
  await Deno.mkdir(join(pack, "saves/World"), { recursive: true });
  const env = {
    INSTANCE_SYNC_HOST: host,
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    INST_NAME: "Broken Server Pack",
    RESTIC_CACHE_DIR: join(root, "cache", host),
  };
  return { pack, env };
}

/** Computer B joins the instance through `url` (the broken server). */
async function joinThrough(root: string, url: string, id: string): Promise<Computer> {
  const b = await computer(root, "pc-b");
  const r = await runCliProcess(["init", `--url=${url}`, `--instance-id=${id}`], {
    env: b.env,
    input: `${USER.id}:${USER.password}\n`,
  });
  assert.equal(r.code, 0, r.stderr);
  return b;
}

/** Points an existing instance at another url, as a player editing sync.json would. */
async function pointAt(c: Computer, url: string): Promise<void> {
  const file = join(c.pack, ".cloud-sync/sync.json");
  const config = JSON.parse(await Deno.readTextFile(file));
  await Deno.writeTextFile(file, JSON.stringify({ ...config, url }));
}

/** The player's files (everything outside `.cloud-sync/`, where restic's version memo may appear). */
async function playerFiles(pack: string): Promise<Record<string, string>> {
  const all = await treeSnapshot(pack);
  return Object.fromEntries(Object.entries(all).filter(([p]) => !p.startsWith(".cloud-sync")));
}

/** The one line a launcher's log shows, naming the server as written and the status. */
function assertOneLine(r: CliResult, broken: BrokenServer, status: number, what: string) {
  // A push may have said "Uploading …" before restic met the server; the failure itself is one line.
  const lines = r.stderr.trim().split("\n").filter((l) => !/^instance-sync: Uploading "/.test(l));
  assert.equal(lines.length, 1, `${what}: one line, got:\n${r.stderr}`);
  assert.ok(
    lines[0].startsWith(`instance-sync: The server "${broken.url}" answered ${status} (`),
    `${what}: ${lines[0]}`,
  );
  assert.doesNotMatch(r.stderr, /rest:|\*\*\*|player|Error:|\bat .*\.ts:\d+/, what);
  assert.ok(!r.stderr.includes(USER.password), `${what}: the password is in the output`);
}

Deno.test("5xx and 429 on the listing: pull and push exit 0 with one line, 1 with --offline=abort", async () => {
  for (const status of STATUSES) {
    await using broken = startBrokenServer({ status });
    const root = await Deno.makeTempDir({ prefix: "is-broken-" });
    const b = await joinThrough(root, broken.url, "01JD0000000000000000000016");
    broken.log.length = 0; // init's own requests (the instance directory) are not the hooks'
    await Deno.writeTextFile(join(b.pack, "saves/World/level.dat"), "played offline");
    const before = await treeSnapshot(b.pack);

    const pull = await runCliProcess(["pull"], { env: b.env });
    assert.equal(pull.code, 0, `pull on ${status}: ${pull.stderr}`);
    assertOneLine(pull, broken, status, `pull on ${status}`);
    assert.match(pull.stderr, /; the game starts with this computer's files/);
    const pullAbort = await runCliProcess(["pull", "--offline=abort"], { env: b.env });
    assert.equal(pullAbort.code, 1, `pull --offline=abort on ${status}: ${pullAbort.stderr}`);
    assertOneLine(pullAbort, broken, status, `pull --offline=abort on ${status}`);

    const push = await runCliProcess(["push"], { env: b.env });
    assert.equal(push.code, 0, `push on ${status}: ${push.stderr}`);
    assertOneLine(push, broken, status, `push on ${status}`);
    assert.match(push.stderr, /your changes stay on this computer/);
    const pushAbort = await runCliProcess(["push", "--offline=abort"], { env: b.env });
    assert.equal(pushAbort.code, 1, `push --offline=abort on ${status}: ${pushAbort.stderr}`);
    assertOneLine(pushAbort, broken, status, `push --offline=abort on ${status}`);

    assert.ok(
      broken.log.every((l) => l.startsWith("GET ") && l.endsWith(` -> ${status}`)),
      broken.log.join("\n"),
    );
    assert.deepEqual(await treeSnapshot(b.pack), before, "nothing changed on disk");
  }
});

Deno.test("5xx and 429 on restic's own requests: pull and push follow the offline policy quickly", async () => {
  await using server = await startRestServer({ users: { [USER.id]: USER.password } });
  const { root, id, a } = await sharedInstance(server);
  for (const status of STATUSES) {
    // Every request of restic fails, and of ours every GET but the listing: B has never synced, so the
    // listing (passed through) differs from what it knows and its snapshots are read in-process (GETs of
    // config, keys and snapshot files), the first thing after the listing that meets the broken server,
    // before any restore is journaled. A's push reaches restic's backup (the HEAD of config passes).
    const fail = (req: Request) =>
      fromRestic(req) || (req.method === "GET" && !new URL(req.url).pathname.endsWith("/snapshots/"));
    await using broken = startBrokenServer({ status, upstream: server.url, fail });
    const b = await joinThrough(join(root, `b-${status}`), broken.url, id);
    const before = await playerFiles(b.pack);
    const started = Date.now();
    const pull = await runCliProcess(["pull"], { env: b.env });
    const ms = Date.now() - started;
    assert.equal(pull.code, 0, `pull on ${status}: ${pull.stderr}`);
    assertOneLine(pull, broken, status, `pull on ${status}`);
    assert.ok(
      broken.log.some((l) => l.includes("/snapshots/ -> 200")) &&
        broken.log.some((l) => l.endsWith(` -> ${status}`)),
      `the listing passed and the snapshot read met ${status}:\n${broken.log.join("\n")}`,
    );
    console.log(`broken server: pull meeting ${status} after the listing ended in ${ms} ms`);
    assert.ok(ms < 30_000, `pull sat through restic's retries (${ms} ms)`);
    const pullAbort = await runCliProcess(["pull", "--offline=abort"], { env: b.env });
    assert.equal(pullAbort.code, 1, `pull --offline=abort on ${status}: ${pullAbort.stderr}`);
    assertOneLine(pullAbort, broken, status, `pull --offline=abort on ${status}`);
    assert.deepEqual(await playerFiles(b.pack), before, `pull on ${status} changed files`);

    // A is in sync, so its push goes straight to `restic backup`, which meets the broken server.
    await pointAt(a, broken.url);
    await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), `played while ${status}`);
    const push = await runCliProcess(["push"], { env: a.env });
    assert.equal(push.code, 0, `push on ${status}: ${push.stderr}`);
    assertOneLine(push, broken, status, `push on ${status}`);
    const pushAbort = await runCliProcess(["push", "--offline=abort"], { env: a.env });
    assert.equal(pushAbort.code, 1, `push --offline=abort on ${status}: ${pushAbort.stderr}`);
    assertOneLine(pushAbort, broken, status, `push --offline=abort on ${status}`);
    await pointAt(a, server.url);
  }
  // Back on the real server, A's changes go up: nothing was lost while it was broken.
  const push = await runCliProcess(["push"], { env: a.env });
  assert.equal(push.code, 0, push.stderr);
  assert.match(push.stderr, /uploaded snapshot/);
});

Deno.test("a server that fails once a restore is journaled stops the launch (exit 1), and the next pull finishes", async () => {
  await using server = await startRestServer({ users: { [USER.id]: USER.password } });
  const { root, id } = await sharedInstance(server);
  let failing = true;
  // Everything but the pack files passes: restic lists and plans the restore, then cannot read data.
  await using broken = startBrokenServer({
    status: 502,
    upstream: server.url,
    fail: (req) => failing && fromRestic(req) && new URL(req.url).pathname.includes("/data/"),
  });
  const b = await joinThrough(root, broken.url, id);
  const pull = await runCliProcess(["pull"], { env: b.env });
  assert.equal(pull.code, 1, `a journaled restore must not let the game start:\n${pull.stderr}`);
  assert.match(pull.stderr, new RegExp(`The server "${broken.url.replaceAll(".", "\\.")}" answered 502`));
  failing = false;
  const again = await runCliProcess(["pull"], { env: b.env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await Deno.readTextFile(join(b.pack, "saves/World/level.dat")), "v1");
});

Deno.test("a server that accepts and never answers is still offline after 15 s: exit 0, one line", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const c of listener) conns.push(c);
  })();
  try {
    const url = `http://127.0.0.1:${listener.addr.port}`;
    const b = await joinThrough(
      await Deno.makeTempDir({ prefix: "is-broken-" }),
      url,
      "01JD0000000000000000000017",
    );
    const started = Date.now();
    const pull = await runCliProcess(["pull"], { env: b.env });
    const ms = Date.now() - started;
    assert.equal(pull.code, 0, pull.stderr);
    assert.equal(pull.stderr.trim().split("\n").length, 1, pull.stderr);
    assert.match(
      pull.stderr,
      new RegExp(`Cannot reach "${url.replaceAll(".", "\\.")}": no answer within 15 s;`),
    );
    assert.ok(ms >= 14_000 && ms < 40_000, `${ms} ms`);
  } finally {
    listener.close();
    for (const c of conns) c.close();
    await accepting.catch(() => {});
  }
});

Deno.test("setup without a terminal against a server answering 502 says so and writes the config anyway", async () => {
  await using broken = startBrokenServer({ status: 502 });
  const pack = await Deno.makeTempDir({ prefix: "is-broken-" });
  const r = await runCliProcess(["setup", `--url=${broken.url}`, `--pack-folder=${pack}`], {
    input: `${USER.id}:${USER.password}\n`,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `warning: The server "${
        broken.url.replaceAll(".", "\\.")
      }" answered 502 \\(Bad Gateway\\): it is down or restarting; writing the config anyway`,
    ),
  );
  assert.equal(JSON.parse(await Deno.readTextFile(join(pack, ".cloud-sync/sync.json"))).url, broken.url);
});

Deno.test("a restic that can be neither found nor downloaded is said exactly; the launch follows the offline policy", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-norestic-" });
  const repos = join(root, "repos");
  const a = await computer(root, "pc-a");
  await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "v1");
  assert.equal((await runCliProcess(["init", `--url=${repos}`], { env: a.env, input: "me:pw\n" })).code, 0);
  assert.equal((await runCliProcess(["push"], { env: a.env })).code, 0);
  const id = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/sync.json"))).instance_id;
  const b = await computer(root, "pc-b");
  const joined = await runCliProcess(["init", `--url=${repos}`, `--instance-id=${id}`], {
    env: b.env,
    input: "me:pw\n",
  });
  assert.equal(joined.code, 0, joined.stderr);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const mirror = `http://127.0.0.1:${listener.addr.port}/releases`;
  listener.close(); // nothing listens there now: the download is refused
  // No restic named, none on PATH, none cached, and the (mirror of the) release site cannot be reached.
  const env = {
    ...b.env,
    INSTANCE_SYNC_RESTIC: "",
    PATH: join(root, "empty-bin"),
    INSTANCE_SYNC_RESTIC_DOWNLOAD_URL: mirror,
  };
  const before = await playerFiles(b.pack);

  const pull = await runCliProcess(["pull"], { env });
  assert.equal(pull.code, 0, pull.stderr);
  const said = pull.stderr.trim().split("\n").filter((l) => !l.includes("Downloading restic"));
  assert.equal(said.length, 1, pull.stderr);
  assert.match(
    said[0],
    /restic 0\.17\.1 or newer is needed but none was found, and downloading restic [\d.]+ failed: cannot reach 127\.0\.0\.1:\d+ \(connection refused\)/,
  );
  assert.match(said[0], /--restic-binary=PATH/);
  assert.match(said[0], /; the game starts with this computer's files/);
  assert.doesNotMatch(said[0], /offline|Cannot reach "/);

  const abort = await runCliProcess(["pull", "--offline=abort"], { env });
  assert.equal(abort.code, 1, abort.stderr);
  assert.match(abort.stderr, /is needed but none was found/);

  const noDownload = await runCliProcess(["pull", "--no-download"], { env });
  assert.equal(noDownload.code, 0, noDownload.stderr);
  assert.match(noDownload.stderr, /none was found, and --no-download forbids fetching it/);
  assert.deepEqual(await playerFiles(b.pack), before, "nothing was restored or removed");
});

Deno.test("INSTANCE_SYNC_DEBUG adds the technical detail (request, repository, status) without secrets", async () => {
  await using broken = startBrokenServer({ status: 503 });
  const b = await joinThrough(
    await Deno.makeTempDir({ prefix: "is-broken-" }),
    broken.url,
    "01JD0000000000000000000018",
  );
  const plainRun = await runCliProcess(["pull"], { env: b.env });
  assert.doesNotMatch(plainRun.stderr, /detail:/);
  for (const args of [["pull"], ["pull", "--offline=abort"]]) {
    const r = await runCliProcess(args, { env: { ...b.env, INSTANCE_SYNC_DEBUG: "1" } });
    assert.match(
      r.stderr,
      /detail: GET rest:http:\/\/(player:)?\*\*\*@127\.0\.0\.1:\d+\/player\/01JD0000000000000000000018\/snapshots\/: HTTP 503/,
      args.join(" "),
    );
    assert.ok(!r.stderr.includes(USER.password), r.stderr);
  }
});
