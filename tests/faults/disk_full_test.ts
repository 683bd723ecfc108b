/**
 * A full disk, simulated with a small tmpfs (needs root to mount; skipped with a printed reason
 * otherwise): a pull whose restore runs out of space and a push that cannot write its inputs must
 * fail clearly, leave no half-written or lock file behind, and complete once space is freed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { instancePaths } from "../../core/config/paths.ts";
import { push } from "../../core/sync/push.ts";
import { readState } from "../../core/sync/state.ts";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { Machine } from "../core/sync/world.ts";
import { applyFiles, hashTree, randomBytes, USER } from "./harness.ts";

const MB = 1024 * 1024;

/** Mounts a tmpfs of `mb` MB, or returns why it cannot. */
async function tmpfs(
  mb: number,
): Promise<{ dir: string; resize(mb: number): Promise<void>; unmount(): Promise<void> } | string> {
  if (Deno.build.os !== "linux") return "tmpfs needs Linux";
  const dir = await Deno.makeTempDir({ prefix: "is-diskfull-" });
  const mount = async (args: string[]) => {
    const r = await new Deno.Command("mount", { args, stdout: "null", stderr: "piped" }).output().catch((e) =>
      e
    );
    if (r instanceof Error) return r.message;
    return r.success ? null : new TextDecoder().decode(r.stderr).trim();
  };
  const failed = await mount(["-t", "tmpfs", "-o", `size=${mb}m`, "tmpfs", dir]);
  if (failed !== null) {
    await Deno.remove(dir).catch(() => {});
    return `mount -t tmpfs failed: ${failed}`;
  }
  return {
    dir,
    resize: async (size) => assert.equal(await mount(["-o", `remount,size=${size}m`, dir]), null),
    unmount: async () => {
      await new Deno.Command("umount", { args: [dir] }).output();
      await Deno.remove(dir).catch(() => {});
    },
  };
}

/** A machine whose pack folder lives on `dir` (the tmpfs). */
async function machineOn(dir: string, host: string): Promise<Machine> {
  const pack = join(dir, host);
  await Deno.mkdir(pack);
  return new Machine(host, pack, testResticPath());
}

function cliEnv(host: string, cache: string) {
  return { INSTANCE_SYNC_HOST: host, INSTANCE_SYNC_RESTIC: testResticPath(), RESTIC_CACHE_DIR: cache };
}

/** The I6-style surface of a failure: short, no stack trace. */
function assertClearFailure(r: { code: number; stderr: string }, what: string) {
  assert.equal(r.code, 1, `${what}: ${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.ok(lines.length <= 3, `${what}: too many lines:\n${r.stderr}`);
  assert.ok(!/\bat .*\.ts:\d+/.test(r.stderr), `${what}: stack trace:\n${r.stderr}`);
  assert.match(r.stderr, /space|os error 28/i, `${what}: does not say the disk is full:\n${r.stderr}`);
}

async function leftovers(pack: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(pack, ".cloud-sync"))) {
    if (e.name.endsWith(".tmp") || e.name.startsWith("lock")) out.push(e.name);
  }
  return out;
}

Deno.test("a disk that fills up during pull or push fails clearly and recovers once space is freed", async (t) => {
  const disk = await tmpfs(3);
  if (typeof disk === "string") {
    console.log(`faults: disk full: skipped (${disk})`);
    return;
  }
  await using server = await startRestServer({ users: { [USER.id]: USER.password } });
  const cache = await Deno.makeTempDir({ prefix: "is-fault-cache-" });
  try {
    await t.step(
      "a restore that runs out of space stays journaled and completes after space is freed",
      async () => {
        const a = await Machine.create("pc-a", testResticPath());
        const id = await a.init(server.url, USER);
        await applyFiles(a.pack, { "saves/W/level.dat": "v1", "options.txt": "fov:70" });
        await push(a.options());
        const b = await machineOn(disk.dir, "pc-b");
        await b.init(server.url, USER, id);
        const first = await runCliProcess(["pull", `--pack-folder=${b.pack}`], {
          env: cliEnv("pc-b", cache),
        });
        assert.equal(first.code, 0, first.stderr);
        await applyFiles(a.pack, {
          "saves/W/level.dat": "v2",
          "saves/W/region/r.0.0.mca": randomBytes(4 * MB),
        });
        await push(a.options());

        const full = await runCliProcess(["pull", `--pack-folder=${b.pack}`], { env: cliEnv("pc-b", cache) });
        assertClearFailure(full, "pull on a full disk");
        console.log(`faults: disk full during restore: ${full.stderr.trim().split("\n").pop()}`);
        assert.deepEqual(await leftovers(b.pack), [], "temp or lock files left in .cloud-sync");
        assert.ok((await readState(instancePaths(b.pack))).pending, "the unfinished restore is journaled");
        const refused = await runCliProcess(["push", `--pack-folder=${b.pack}`], {
          env: cliEnv("pc-b", cache),
        });
        assert.equal(refused.code, 2, `push of a half-restored folder must be refused: ${refused.stderr}`);

        await disk.resize(16);
        const again = await runCliProcess(["pull", `--pack-folder=${b.pack}`], {
          env: cliEnv("pc-b", cache),
        });
        assert.equal(again.code, 0, again.stderr);
        assert.deepEqual(await hashTree(b.pack), await hashTree(a.pack));
        assert.equal((await readState(instancePaths(b.pack))).pending, null);
        await Deno.remove(b.pack, { recursive: true });
      },
    );

    await t.step(
      "a push that cannot write its inputs fails clearly and uploads after space is freed",
      async () => {
        await disk.resize(3);
        const a = await machineOn(disk.dir, "pc-c");
        await a.init(server.url, USER);
        await applyFiles(a.pack, { "saves/W/level.dat": "v1", "saves/W/region/r.0.0.mca": randomBytes(MB) });
        const first = await runCliProcess(["push", `--pack-folder=${a.pack}`], {
          env: cliEnv("pc-c", cache),
        });
        assert.equal(first.code, 0, first.stderr);
        await applyFiles(a.pack, { "saves/W/level.dat": "v2 after a session" });
        // Fill the disk to the last byte with a file outside the scope.
        const filler = await Deno.open(join(a.pack, "filler.bin"), { write: true, create: true });
        try {
          while (true) await filler.write(new Uint8Array(64 * 1024));
        } catch (e) {
          assert.match(String(e), /space|os error 28/i);
        } finally {
          filler.close();
        }
        const full = await runCliProcess(["push", `--pack-folder=${a.pack}`], { env: cliEnv("pc-c", cache) });
        assertClearFailure(full, "push on a full disk");
        console.log(`faults: disk full before upload: ${full.stderr.trim().split("\n").pop()}`);
        assert.deepEqual(
          await leftovers(a.pack),
          [],
          `temp or lock files left in .cloud-sync: ${full.stderr}`,
        );
        assert.equal(await Deno.readTextFile(join(a.pack, "saves/W/level.dat")), "v2 after a session");

        await Deno.remove(join(a.pack, "filler.bin"));
        const again = await runCliProcess(["push", `--pack-folder=${a.pack}`], {
          env: cliEnv("pc-c", cache),
        });
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stderr, /uploaded snapshot/);
      },
    );
  } finally {
    await disk.unmount();
    await Deno.remove(cache, { recursive: true }).catch(() => {});
  }
});
