/**
 * `init --url=…` accepts the forms the design names (a rest-server, a local folder, restic's own
 * locations) and refuses everything else with exit 2 and one line listing the accepted forms, before
 * anything is written (docs/troubleshooting.md: `ftp://…` or `htps://…` never reaches sync.json).
 */
import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";

/** --url as typed → what sync.json must hold (`cwd` stands for the folder init ran in). */
const ACCEPTED: [string, string][] = [
  ["https://sync.example.org", "https://sync.example.org"],
  ["  https://sync.example.org:8443/mc  ", "https://sync.example.org:8443/mc"],
  ["http://127.0.0.1:8000", "http://127.0.0.1:8000"],
  ["http://localhost:8000/prefix", "http://localhost:8000/prefix"],
  ["/srv/instance-sync/repos", "/srv/instance-sync/repos"],
  ["repos", "cwd/repos"],
  ["./sync.example.org", "cwd/sync.example.org"],
  ["local:/srv/repos", "local:/srv/repos"],
  ["~/sync-repos", join(homedir(), "sync-repos")],
  ["sftp:me@nas.local:/srv/restic", "sftp:me@nas.local:/srv/restic"],
  ["s3:https://s3.amazonaws.com/bucket", "s3:https://s3.amazonaws.com/bucket"],
  ["b2:bucket:minecraft", "b2:bucket:minecraft"],
  ["azure:container:/minecraft", "azure:container:/minecraft"],
  ["gs:bucket:/minecraft", "gs:bucket:/minecraft"],
  ["swift:container:/minecraft", "swift:container:/minecraft"],
  ["rclone:gdrive:minecraft", "rclone:gdrive:minecraft"],
  ["rest:https://sync.example.org/mc", "rest:https://sync.example.org/mc"],
];

/** --url → what the refusal must say beyond the accepted forms. */
const REFUSED: [string, RegExp][] = [
  ["ftp://example.org/x", /"ftp:" is not a known kind/],
  ["htps://sync.example.org", /"htps:" is not a known kind/],
  ["smb://nas/share", /"smb:" is not a known kind/],
  ["sync.example.org", /looks like a server without "https:\/\/"/],
  ["sync.example.org:8000/mc", /"sync\.example\.org:" is not a known kind|looks like a server/],
  ["http://192.168.1.5:8000", /plain http:\/\/ for another machine/],
  ["https://me:hunter2@sync.example.org", /must not contain credentials/],
  ["https://", /not a valid URL|names no server/],
  ["s3:", /names no place after "s3:"/],
  ["rest:ftp://x", /must be rest:https:\/\//],
  ["rest:https://me:hunter2@sync.example.org", /must not contain a password/],
  ["", /is empty/],
];

Deno.test("init stores every accepted url form in sync.json (folders made absolute)", async () => {
  for (const [typed, stored] of ACCEPTED) {
    const dir = await Deno.makeTempDir({ prefix: "is-url-" });
    const cwd = await Deno.makeTempDir({ prefix: "is-url-cwd-" });
    const r = await runCliProcess(["init", `--url=${typed}`, `--pack-folder=${dir}`], {
      cwd,
      input: "42:pw\n",
    });
    assert.equal(r.code, 0, `${typed}: ${r.stderr}`);
    const config = JSON.parse(await Deno.readTextFile(join(dir, ".cloud-sync/sync.json")));
    assert.equal(config.url, stored.replace(/^cwd\//, `${cwd}/`), typed);
  }
});

Deno.test("init refuses other urls with exit 2 and one line listing the accepted forms, writing nothing", async () => {
  for (const [typed, why] of REFUSED) {
    const dir = await Deno.makeTempDir({ prefix: "is-url-" });
    const before = await treeSnapshot(dir);
    const r = await runCliProcess(["init", `--url=${typed}`, `--pack-folder=${dir}`], { input: "42:pw\n" });
    assert.equal(r.code, 2, `${typed}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line for ${typed}:\n${r.stderr}`);
    assert.match(lines[0], /^instance-sync: --url /);
    assert.match(lines[0], why, typed);
    assert.match(
      lines[0],
      /; use https:\/\/host\[:port\]\[\/path\].*a folder path.*sftp:, s3:, b2:, azure:, gs:/,
    );
    assert.ok(!r.stderr.includes("hunter2"), `the password is echoed:\n${r.stderr}`);
    assert.ok(!/\bat .*\.ts:\d+/.test(r.stderr), `a stack trace:\n${r.stderr}`);
    assert.deepEqual(await treeSnapshot(dir), before, `${typed} changed the pack folder`);
  }
});

Deno.test("setup without a terminal refuses a mistyped --url before reading the token", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-url-" });
  const r = await runCliProcess(["setup", "--url=htps://sync.example.org", `--pack-folder=${dir}`], {
    input: "42:pw\n",
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--url "htps:\/\/sync\.example\.org" is not a sync location/);
  assert.deepEqual(await treeSnapshot(dir), {});
});
