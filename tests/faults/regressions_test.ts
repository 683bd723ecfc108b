/**
 * Regression tests for what the fault suites found, at the layer that was fixed (they run without
 * root, unlike the disk-full suite).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { IoError } from "../../core/errors.ts";
import { writeFileAtomic } from "../../core/fs/atomic.ts";
import { lastErrorLine } from "../../core/restic/failure.ts";
import { Restic } from "../../core/restic/driver.ts";
import { repoTarget } from "../../core/restic/repo.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testRestic, testResticPath } from "../helpers/tools.ts";
import { Repo, USER } from "./harness.ts";

Deno.test("a backup removes the stale lock a killed restic left in the repository", async () => {
  await using server = await startRestServer({ users: { [USER.id]: USER.password } });
  const instanceId = "01JD0000000000000000000000";
  const cache = await Deno.makeTempDir({ prefix: "is-fault-cache-" });
  const repo = new Repo(server, instanceId, cache);
  assert.equal((await repo.restic(["init"])).code, 0);
  // A backup reading stdin that never ends holds its lock until it is killed.
  const child = new Deno.Command(testResticPath(), {
    args: ["backup", "--stdin", "--stdin-filename", "endless"],
    env: repo.env(),
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  while ((await repo.locks()).length === 0) await new Promise((r) => setTimeout(r, 20));
  child.kill("SIGKILL");
  await child.status;
  await child.stdin.close().catch(() => {});
  assert.equal((await repo.locks()).length, 1, "the killed restic left its lock");

  const pack = await Deno.makeTempDir({ prefix: "is-fault-pack-" });
  await Deno.writeTextFile(join(pack, "options.txt"), "fov:70\n");
  await Deno.writeTextFile(join(pack, "files-from.txt"), "options.txt\n");
  await Deno.writeTextFile(join(pack, "exclude.txt"), "*.tmp\n");
  const restic = new Restic(await testRestic(), repoTarget(server.url, USER, instanceId), {
    extraEnv: { RESTIC_CACHE_DIR: cache },
  });
  await restic.backup({
    cwd: pack,
    filesFrom: join(pack, "files-from.txt"),
    excludeFile: join(pack, "exclude.txt"),
    host: "pc-a",
    tags: ["instance-sync", "parent=none"],
  });
  assert.deepEqual(await repo.locks(), [], "the stale lock is gone after the next backup");
  assert.equal((await repo.restic(["check"])).code, 0);
});

Deno.test("a restic failure that only counts errors is explained by its first per-file error", () => {
  const stderr = [
    '{"message_type":"error","error":{"message":"write /p/saves/W/r.0.0.mca: no space left on device"},"item":"/saves/W/r.0.0.mca"}',
    '{"message_type":"error","error":{"message":"write /p/options.txt: no space left on device"},"item":"/options.txt"}',
    '{"message_type":"exit_error","code":1,"message":"Fatal: There were 2 errors"}',
  ];
  assert.equal(
    lastErrorLine(stderr),
    "write /p/saves/W/r.0.0.mca: no space left on device (and 1 more error)",
  );
  assert.equal(
    lastErrorLine(['{"message_type":"exit_error","code":1,"message":"Fatal: unable to open config file"}']),
    "unable to open config file",
  );
});

Deno.test("a failed atomic write names the file, leaves no temp file and keeps the old content", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-fault-atomic-" });
  try {
    const path = join(dir, "state.json");
    await Deno.writeTextFile(path, "old");
    // A folder where the file should be makes the final rename fail, like a write that cannot finish.
    const blocked = join(dir, "blocked");
    await Deno.mkdir(join(blocked, "x"), { recursive: true });
    const err = await writeFileAtomic(blocked, "new").catch((e) => e);
    assert.ok(err instanceof IoError, String(err));
    assert.match(err.message, /^Cannot write ".*blocked": /);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["blocked", "state.json"], "no temp file is left");
    assert.equal(await Deno.readTextFile(path), "old");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
