/** The module API (core/mod.ts) alone is enough to set up two computers and sync between them. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ConflictError,
  history,
  initConfig,
  instancePaths,
  pull,
  push,
  readSyncJson,
  repositoryProtection,
  status,
  type Summary,
  worldHistory,
} from "../../core/mod.ts";
import { testResticPath } from "../helpers/tools.ts";

Deno.test("core/mod.ts alone runs a round trip: init, push, join, pull, status, history", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-mod-" });
  const a = join(root, "a");
  const b = join(root, "b");
  await Deno.mkdir(join(a, "saves/W"), { recursive: true });
  await Deno.mkdir(b);
  await Deno.writeTextFile(join(a, "saves/W/level.dat"), "hello");
  const token = { id: "me", password: "pw" };
  const common = {
    resticBinary: testResticPath(),
    download: false,
    env: { RESTIC_CACHE_DIR: join(root, "c") },
  };
  await initConfig(instancePaths(a), { url: join(root, "repos"), token });
  const { instance_id } = (await readSyncJson(instancePaths(a)))!;
  await initConfig(instancePaths(b), { url: join(root, "repos"), token, instanceId: instance_id });
  const pushed: Summary = await push({ ...common, packFolder: a, host: "a" });
  assert.equal(pushed.outcome, "pushed");
  assert.equal((await pull({ ...common, packFolder: b, host: "b" })).outcome, "restored");
  assert.equal(await Deno.readTextFile(join(b, "saves/W/level.dat")), "hello");
  const st = await status({ ...common, packFolder: b });
  assert.equal(st.base?.id, pushed.snapshot);
  // What `doctor` asks: a repository made now is encrypted with the derived password.
  assert.deepEqual(await repositoryProtection({ ...common, packFolder: b }), {
    protection: "protected",
    repository: join(root, "repos", instance_id),
  });
  assert.equal((await history({ ...common, packFolder: b }))?.length, 1);
  const w = await worldHistory({ ...common, packFolder: b }, "W");
  assert.deepEqual(w?.versions.map((v) => [v.id, v.change]), [[pushed.snapshot, "added"]]);
  assert.equal(new ConflictError("x").exitCode, 3);
});
