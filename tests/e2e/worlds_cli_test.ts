/** `history --world` and `restore --world` as a launcher or a script runs them: no TTY, real processes. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { FAKE_JAVA_POSIX_ONLY, startFakeJava } from "../helpers/fakeJava.ts";
import { skipIf } from "../helpers/skip.ts";
import { findRunningGame } from "../../core/guards/gameRunning.ts";
import { testResticPath } from "../helpers/tools.ts";
import { writeTestLevelDat } from "../../core/worlds/levelDat.ts";

const WORLD = "Ünïcode World, 2";

async function instance() {
  const root = await Deno.makeTempDir({ prefix: "is-worlds-cli-" });
  const pack = join(root, ".minecraft");
  const env = {
    INSTANCE_SYNC_HOST: "pc-a",
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    RESTIC_CACHE_DIR: join(root, "cache"),
  };
  const run = (args: string[], input?: string) => runCliProcess(args, { env, input });
  await writeTestLevelDat(join(pack, "saves", WORLD, "level.dat"), {
    levelName: "My Ünïcode World",
    lastPlayed: Date.parse("2026-11-20T18:00:00Z"),
    versionName: "1.21.4",
    dataVersion: 4189,
  });
  await Deno.writeTextFile(join(pack, "saves", WORLD, "notes.txt"), "v1");
  await Deno.mkdir(join(pack, "saves/Other"), { recursive: true });
  await Deno.writeTextFile(join(pack, "saves/Other/level.dat"), "other");
  assert.equal((await run(["init", `--url=${join(root, "repos")}`], "me:pw\n")).code, 0);
  assert.equal((await run(["push"])).code, 0);
  await Deno.writeTextFile(join(pack, "saves", WORLD, "notes.txt"), "v2");
  assert.equal((await run(["push"])).code, 0);
  return { pack, run, env };
}

Deno.test("history --world --json prints one array of the world's snapshots; history shows the worlds changed", async () => {
  const { run } = await instance();
  const r = await run(["history", "--world=my ünïcode world", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.ok(Array.isArray(rows));
  assert.deepEqual(rows.map((x: { change: string }) => x.change), ["changed", "added"]);
  for (const row of rows) {
    assert.match(row.id, /^[0-9a-f]{64}$/);
    assert.ok(!Number.isNaN(Date.parse(row.time)));
    assert.equal(row.world, `saves/${WORLD}`);
  }
  assert.equal(rows[1].version, "1.21.4");
  const plain = await run(["history", `--world=${WORLD}`]);
  assert.match(plain.stdout, /"Ünïcode World, 2": 2 version\(s\), newest first/);
  assert.match(plain.stdout, /changed {2}played \d{4}-\d\d-\d\d \d\d:\d\d {2}1\.21\.4/);
  const table = await run(["history"]);
  assert.match(table.stdout, /worlds changed/);
  assert.match(table.stdout, /~Ünïcode World, 2/);
  assert.match(table.stdout, /\+Other, \+Ünïcode World, 2/);
});

Deno.test("restore --world refuses bad requests with one line and exit 2, changing nothing", async () => {
  const { pack, run } = await instance();
  const ids = JSON.parse((await run(["history", "--json"])).stdout).snapshots.map((s: { id: string }) =>
    s.id
  );
  const before = await treeSnapshot(pack);
  const cases: [string[], RegExp][] = [
    [["restore", ids[1], `--world=${WORLD}`], /no terminal to confirm in; pass --yes/],
    [["restore", ids[1], "--as-copy", "--yes"], /--as-copy needs --world/],
    [["restore", ids[1], "--world=Nether Hub", "--yes"], /--world "Nether Hub" is not a world/],
    [["restore", "zz-not-an-id", `--world=${WORLD}`, "--yes"], /"zz-not-an-id" is not a snapshot id/],
    [["history", "--world=Nether Hub"], /--world "Nether Hub" is not a world/],
    [["browse"], /browse needs a terminal/],
  ];
  for (const [args, message] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.doesNotMatch(r.stderr, /\n\s+at /, "a stack trace");
  }
  assert.deepEqual(await treeSnapshot(pack), before);
});

Deno.test("restore --world refuses with exit 6 while the game runs on the instance", {
  ignore: skipIf(Deno.build.os === "windows", "restore --world with a running game", FAKE_JAVA_POSIX_ONLY),
}, async () => {
  const { pack, run } = await instance();
  const ids = JSON.parse((await run(["history", "--json"])).stdout).snapshots.map((s: { id: string }) =>
    s.id
  );
  const javaDir = await Deno.makeTempDir();
  const before = await treeSnapshot(pack);
  {
    await using _game = await startFakeJava(javaDir, pack, ["--gameDir", pack]);
    for (let i = 0; i < 100 && !(await findRunningGame(pack)); i++) {
      await new Promise((r) => setTimeout(r, 30));
    }
    for (const extra of [[], ["--as-copy"]]) {
      const r = await run(["restore", ids[1], `--world=${WORLD}`, "--yes", ...extra]);
      assert.equal(r.code, 6, r.stderr);
      assert.match(r.stderr, /Minecraft is running on this instance/);
    }
  }
  assert.deepEqual(await treeSnapshot(pack), before);
});

Deno.test("restore --world --as-copy --yes adds the old version beside the current one", async () => {
  const { pack, run } = await instance();
  const ids = JSON.parse((await run(["history", "--json"])).stdout).snapshots.map((s: { id: string }) =>
    s.id
  );
  const r = await run(["restore", ids[1].slice(0, 10), `--world=${WORLD}`, "--as-copy", "--yes"]);
  assert.equal(r.code, 0, r.stderr);
  const copy = r.stderr.match(/as "saves\/(.+?)"/)?.[1];
  assert.match(copy ?? "", /^Ünïcode World, 2 \(\d{4}-\d\d-\d\d\)$/, r.stderr);
  assert.equal(await Deno.readTextFile(join(pack, "saves", copy!, "notes.txt")), "v1");
  assert.equal(await Deno.readTextFile(join(pack, "saves", WORLD, "notes.txt")), "v2");
});
