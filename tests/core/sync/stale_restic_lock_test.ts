/**
 * A run killed with its restic (power cut, SIGKILL) leaves two locks: the instance's `.cloud-sync/lock`
 * and restic's lock file in the repository, which blocks the operator's `prune`/`check`. The next run
 * takes over the first and must clear the second — even when it needs no restic at all, now that
 * snapshots and listings are read in-process.
 */
import { derivedPasswordOf } from "../../helpers/derived.ts";
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { join } from "node:path";
import { resticEnv } from "../../../core/restic/repo.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { Machine } from "./world.ts";

/**
 * The lock files restic wrote. Its local backend writes a file as `<id>-tmp-<random>` and renames it,
 * so a listing can catch the temporary name: a restic killed then has no lock yet, only that file.
 */
async function lockFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) if (/^[0-9a-f]{64}$/.test(e.name)) names.push(e.name);
  return names;
}

Deno.test("a run that takes over a dead run's lock clears the restic lock it left, though it starts no restic otherwise", async () => {
  const restic = testResticPath();
  const m = await Machine.create("pc", restic);
  await m.init(await Deno.makeTempDir({ prefix: "is-repo-" }), { id: "me", password: "pw" });
  await m.write({ "options.txt": "fov:70\n", "saves/W/level.dat": "w" });
  assert.equal((await push(m.options())).outcome, "pushed");
  const inst = (await Instance.open(m.options()))!;
  const locks = join(inst.target.localPath!, "locks");

  // A restic killed mid-run: `backup --stdin` holds its lock while it waits for input.
  const child = new Deno.Command(restic, {
    args: ["backup", "--stdin", "--stdin-filename", "x", "--no-cache"],
    env: resticEnv(inst.target, derivedPasswordOf(inst.target.password)),
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 600 && (await lockFiles(locks).catch(() => [])).length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal((await lockFiles(locks)).length, 1, "restic took its lock");
  child.kill("SIGKILL");
  await child.status;
  // …and the instance lock of the hook that started it (its pid is dead too).
  await Deno.writeTextFile(
    inst.paths.lock,
    JSON.stringify({ pid: child.pid, host: hostname(), command: "push", started: "x" }),
  );

  const summary = await pull(m.options({ host: hostname() }));
  assert.equal(summary.outcome, "up-to-date");
  // What is left is this launch's own presence record (docs/presence.md): the dead restic's lock is gone.
  const own = JSON.parse(await Deno.readTextFile(join(inst.paths.configDir, "presence.json"))).id;
  assert.deepEqual(await lockFiles(locks), [own], "the dead restic's lock is gone");
});
