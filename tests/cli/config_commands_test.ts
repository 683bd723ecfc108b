import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";

const ID = "01JD0000000000000000000000";

async function pack(files: Record<string, string> = {}): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "is-cli-" });
  for (const [rel, content] of Object.entries(files)) {
    await Deno.mkdir(join(dir, rel, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, rel), content);
  }
  return dir;
}

/** One human line on stderr, no stack trace. */
function assertOneLineError(stderr: string, re: RegExp) {
  const lines = stderr.trim().split("\n");
  assert.ok(lines.length <= 2, `at most a message and a hint, got:\n${stderr}`);
  assert.match(lines[0], re);
  assert.ok(!/\bat .*\.ts:\d+/.test(stderr), `no stack trace:\n${stderr}`);
}

Deno.test("init with --token-file writes sync.json and token, and a second init is refused with exit 2", async () => {
  const dir = await pack();
  const tokenFile = join(await pack(), "t");
  await Deno.writeTextFile(tokenFile, "1234:hunter2\n", { mode: 0o600 });
  const r = await runCliProcess([
    "init",
    "--url=https://sync.example",
    `--token-file=${tokenFile}`,
    `--pack-folder=${dir}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stderr.includes("hunter2"));
  const cfg = JSON.parse(await Deno.readTextFile(join(dir, ".cloud-sync/sync.json")));
  assert.equal(cfg.url, "https://sync.example");
  const before = await treeSnapshot(dir);
  const again = await runCliProcess([
    "init",
    "--url=https://other",
    `--token-file=${tokenFile}`,
    `--pack-folder=${dir}`,
  ]);
  assert.equal(again.code, 2);
  assertOneLineError(again.stderr, /already set up: ".*sync\.json" exists/);
  assert.deepEqual(await treeSnapshot(dir), before);
});

Deno.test("init reads the token from stdin when it is not a terminal", async () => {
  const dir = await pack();
  const r = await runCliProcess(["init", "--url=/tmp/repos", `--pack-folder=${dir}`], { input: "77:pw\n" });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await Deno.readTextFile(join(dir, ".cloud-sync/token")), "77:pw\n");
});

Deno.test("init without --url uses the embedded local-folder default", async () => {
  const dir = await pack();
  const repos = await pack();
  const r = await runCliProcess(["init", `--pack-folder=${dir}`], {
    input: "77:pw\n",
    env: { INSTANCE_SYNC_DEFAULT_REPO: repos },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(await Deno.readTextFile(join(dir, ".cloud-sync/sync.json"))).url, repos);
});

Deno.test("init refuses a token without a colon, names its source and writes nothing", async () => {
  const dir = await pack();
  const r = await runCliProcess([
    "init",
    "--url=https://x.example",
    "--token=nocolon",
    `--pack-folder=${dir}`,
  ]);
  assert.equal(r.code, 2);
  assertOneLineError(r.stderr, /--token must look like "id:password"/);
  assert.deepEqual(await treeSnapshot(dir), {});
});

Deno.test("init over a disabled config refuses and points at enable", async () => {
  const dir = await pack({ ".cloud-sync/sync.json.disabled": JSON.stringify({ instance_id: ID, url: "x" }) });
  const r = await runCliProcess(["init", "--url=x", "--token=a:b", `--pack-folder=${dir}`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /instance-sync enable/);
  assert.equal(
    JSON.parse(await Deno.readTextFile(join(dir, ".cloud-sync/sync.json.disabled"))).instance_id,
    ID,
  );
});

Deno.test("disable, disable again, enable, enable over an active config", async () => {
  const dir = await pack({ ".cloud-sync/sync.json": JSON.stringify({ instance_id: ID, url: "x" }) });
  const d1 = await runCliProcess(["disable", `--pack-folder=${dir}`]);
  assert.equal(d1.code, 0);
  assert.match(d1.stderr, /sync disabled/);
  const d2 = await runCliProcess(["disable", `--pack-folder=${dir}`]);
  assert.equal(d2.code, 0);
  assert.match(d2.stderr, /already disabled/);
  const e1 = await runCliProcess(["enable", `--pack-folder=${dir}`]);
  assert.equal(e1.code, 0);
  await Deno.writeTextFile(
    join(dir, ".cloud-sync/sync.json.disabled"),
    JSON.stringify({ instance_id: ID, url: "y" }),
  );
  const e2 = await runCliProcess(["enable", `--pack-folder=${dir}`]);
  assert.equal(e2.code, 2);
  assertOneLineError(e2.stderr, /Cannot enable: ".*sync\.json" already exists/);
  const none = await runCliProcess(["disable", `--pack-folder=${await pack()}`]);
  assert.equal(none.code, 0);
  assert.match(none.stderr, /nothing to disable/);
});

Deno.test("pull and push exit 0 silently in a folder that is not opted in", async () => {
  const dir = await pack({ "saves/W/level.dat": "x", ".cloud-sync/sync.json.disabled": "{}" });
  const before = await treeSnapshot(dir);
  for (const cmd of ["pull", "push"]) {
    const r = await runCliProcess([
      cmd,
      "--no-download",
      "--on-conflict=abort",
      "--offline=abort",
      "-g",
      "--json",
    ], {
      env: { INST_MC_DIR: dir, INSTANCE_SYNC_RESTIC: "/nonexistent/restic" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "");
  }
  assert.deepEqual(await treeSnapshot(dir), before);
});

Deno.test("bad config files get one line naming the file and field, exit 2 and no change on disk", async () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ ".cloud-sync/sync.json": "{ not json" }, /Cannot parse ".*sync\.json": not valid JSON/],
    [{ ".cloud-sync/sync.json": JSON.stringify({ instance_id: 3, url: "x" }) }, /"instance_id"/],
    [{
      ".cloud-sync/sync.json": JSON.stringify({ instance_id: ID, url: "x" }),
      ".cloud-sync/token": "nocolon",
    }, /token.*no ":" found/i],
    [{
      ".cloud-sync/sync.json": JSON.stringify({ instance_id: ID, url: "x" }),
      ".cloud-sync/token": "a:b",
      ".cloud-sync/scope.json": JSON.stringify({ include: ["../../etc"] }),
    }, /scope\.json": "include\.0" must not contain "\.\."/],
    [{
      ".cloud-sync/sync.json": JSON.stringify({ instance_id: ID, url: "x" }),
      ".cloud-sync/token": "a:b",
      ".cloud-sync/state.json": "[1,2",
    }, /state\.json": not valid JSON/],
  ];
  for (const [files, re] of cases) {
    const dir = await pack(files);
    if (files[".cloud-sync/token"]) await Deno.chmod(join(dir, ".cloud-sync/token"), 0o600);
    const before = await treeSnapshot(dir);
    const r = await runCliProcess(["pull", `--pack-folder=${dir}`, "--no-download"], {
      env: { INSTANCE_SYNC_RESTIC: "/nonexistent/restic" },
    });
    assert.equal(r.code, 2, `${JSON.stringify(files)}\n${r.stderr}`);
    assertOneLineError(r.stderr, re);
    assert.deepEqual(await treeSnapshot(dir), before);
  }
});

Deno.test("a missing pack folder and an unknown flag are usage errors with exit 2", async () => {
  const missing = await runCliProcess(["push", "--pack-folder=/definitely/not/here"]);
  assert.equal(missing.code, 2);
  assertOneLineError(
    missing.stderr,
    /Pack folder "\/definitely\/not\/here" \(from --pack-folder\) does not exist/,
  );
  const unknown = await runCliProcess(["pull", "--frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--frobnicate'/);
  const badChoice = await runCliProcess(["pull", "--on-conflict=maybe"]);
  assert.equal(badChoice.code, 2);
  assert.match(badChoice.stderr, /--on-conflict/);
});

Deno.test("--help lists every command and the exit codes; --version prints the version", async () => {
  const help = await runCliProcess(["--help"]);
  assert.equal(help.code, 0);
  for (const cmd of ["init", "disable", "enable", "pull", "push", "status", "history"]) {
    assert.match(help.stdout, new RegExp(`\\n  ${cmd}\\b`), cmd);
  }
  assert.match(help.stdout, /Exit codes:[\s\S]*4 +another run holds/);
  const version = await runCliProcess(["--version"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});
