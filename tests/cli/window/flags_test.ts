/** `--dialog-timeout` and `-g` on the hook path: the fast gate knows them, bad values are usage errors. */
import assert from "node:assert/strict";
import { hookGate } from "../../../cli/gate.ts";
import { runCliProcess, treeSnapshot } from "../../helpers/cli.ts";

Deno.test("the hook gate still ends a not-opted-in pull fast with --dialog-timeout, and hands bad values on", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(hookGate(["pull", `--pack-folder=${dir}`, "--dialog-timeout=30", "-g"], {}, "/"), true);
  assert.equal(hookGate(["pull", `--pack-folder=${dir}`, "--dialog-timeout", "0"], {}, "/"), false);
});

Deno.test("a bad --dialog-timeout is a one-line usage error (exit 2) naming the flag, changing nothing", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/.cloud-sync`);
  await Deno.writeTextFile(`${dir}/.cloud-sync/sync.json`, "{}");
  const before = await treeSnapshot(dir);
  for (const bad of ["abc", "0", "-5"]) {
    const r = await runCliProcess(["pull", `--pack-folder=${dir}`, `--dialog-timeout=${bad}`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^instance-sync: option '--dialog-timeout <seconds>' argument '.*' is invalid/);
    assert.doesNotMatch(r.stderr, /unexpected error|at .*\.ts:\d+/);
  }
  assert.deepEqual(await treeSnapshot(dir), before);
});
