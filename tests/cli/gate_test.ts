import assert from "node:assert/strict";
import { join } from "node:path";
import { hookGate } from "../../cli/gate.ts";

Deno.test("hookGate ends a pull/push on a folder that is not opted in, and nothing else", async () => {
  const dir = await Deno.makeTempDir();
  const env = { INST_MC_DIR: dir };
  assert.equal(hookGate(["pull"], env, "/"), true);
  assert.equal(
    hookGate(["push", `--pack-folder=${dir}`, "--json", "-g", "--on-conflict=abort"], {}, "/"),
    true,
  );
  assert.equal(hookGate(["push", "--pack-folder", dir, "--offline", "abort"], {}, "/"), true);
  // Everything the full CLI must see: other commands, unknown flags, bad values, missing folders.
  assert.equal(hookGate(["status"], env, "/"), false);
  assert.equal(hookGate(["pull", "--frobnicate"], env, "/"), false);
  assert.equal(hookGate(["pull", "--on-conflict=maybe"], env, "/"), false);
  assert.equal(hookGate(["pull", "--stall-timeout=-1"], env, "/"), false);
  assert.equal(hookGate(["pull", "--pack-folder"], env, "/"), false);
  assert.equal(hookGate(["pull", "--help"], env, "/"), false);
  assert.equal(hookGate(["pull", `--pack-folder=${join(dir, "missing")}`], {}, "/"), false);
  await Deno.mkdir(join(dir, ".cloud-sync"));
  await Deno.writeTextFile(join(dir, ".cloud-sync/sync.json"), "{}");
  assert.equal(hookGate(["pull"], env, "/"), false, "an opted-in folder goes through the full CLI");
});
