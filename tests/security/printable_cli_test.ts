/**
 * A machine name with escape sequences, chosen on another computer, reaches this computer's launcher
 * log printable (docs/hostile-input.md), and `--json` keeps it exact.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { testResticPath } from "../helpers/tools.ts";
import { tempDir, writeTree } from "../helpers/tmp.ts";

/** Retitles the terminal, then rewrites the line as a fake success; then a right-to-left override. */
const HOST = "laptop\u001b]0;pwned\u0007\r\u001b[2Kinstance-sync: all synced\u202e";
// deno-lint-ignore no-control-regex -- the test looks for exactly these characters
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

Deno.test("a pull prints another computer's hostile machine name as visible escapes, --json exactly", async () => {
  await using tmp = await tempDir();
  const repos = join(tmp.path, "repos");
  const computer = (host: string) => ({
    INSTANCE_SYNC_HOST: host,
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: join(tmp.path, host.slice(0, 6), ".minecraft"),
    RESTIC_CACHE_DIR: join(tmp.path, "restic-cache"),
  });
  const a = computer(HOST);
  await writeTree(a.INST_MC_DIR, { "saves/World/level.dat": "v1" });
  assert.equal((await runCliProcess(["init", `--url=${repos}`], { env: a, input: "me:pw\n" })).code, 0);
  const pushed = await runCliProcess(["push"], { env: a });
  assert.equal(pushed.code, 0, pushed.stderr);
  const id = JSON.parse(await Deno.readTextFile(join(a.INST_MC_DIR, ".cloud-sync/sync.json"))).instance_id;

  const b = computer("desk");
  await Deno.mkdir(b.INST_MC_DIR, { recursive: true });
  const joined = await runCliProcess(["init", `--url=${repos}`, `--instance-id=${id}`], {
    env: b,
    input: "me:pw\n",
  });
  assert.equal(joined.code, 0, joined.stderr);
  const pull = await runCliProcess(["pull"], { env: b });
  assert.equal(pull.code, 0, pull.stderr);
  assert.ok(pull.stderr.includes("laptop\\u001b]0;pwned\\u0007\\u000d"), pull.stderr);
  assert.doesNotMatch(pull.stderr, UNSAFE, "no control or bidi character reaches the log");
  assert.ok(
    pull.stderr.split("\n").every((l) => l === "" || l.startsWith("instance-sync: ")),
    "no forged line",
  );

  const json = await runCliProcess(["history", "--json"], { env: b });
  assert.equal(json.code, 0, json.stderr);
  assert.doesNotMatch(json.stdout, UNSAFE);
  const hosts = JSON.stringify(JSON.parse(json.stdout));
  assert.ok(hosts.includes(JSON.stringify(HOST).slice(1, -1)), "the exact name, once parsed");
});
