/**
 * The program as a launcher runs it, against a real rest-server (`--append-only --private-repos`): two
 * computers join one instance with a token file, push and pull hand a world across, and a second pull
 * finds nothing to do. On every OS, and against the compiled binary in CI and release smoke tests.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";

Deno.test("push on one computer and pull on another hand a world across a rest-server", async () => {
  await using server = await startRestServer({ users: { player: "rest-e2e-pw" } });
  const root = await Deno.makeTempDir({ prefix: "is-rest-e2e-" });
  try {
    const tokenFile = join(root, "token");
    // CRLF, as Notepad saves it: the token must still be read as `player:rest-e2e-pw`.
    await Deno.writeTextFile(tokenFile, "player:rest-e2e-pw\r\n");
    const pack = (pc: string) => join(root, pc, ".minecraft");
    await Deno.mkdir(join(pack("a"), "saves", "World"), { recursive: true });
    await Deno.mkdir(pack("b"), { recursive: true });
    await Deno.writeTextFile(join(pack("a"), "saves", "World", "level.dat"), "played on a");
    const run = async (pc: string, args: string[], expect = 0) => {
      const r = await runCliProcess([...args, `--pack-folder=${pack(pc)}`], {
        env: {
          INSTANCE_SYNC_HOST: `pc-${pc}`,
          INSTANCE_SYNC_RESTIC: testResticPath(),
          RESTIC_CACHE_DIR: join(root, "cache"),
          INST_NAME: "Rest Pack",
        },
      });
      assert.equal(r.code, expect, `${args.join(" ")} on ${pc}:\n${r.stderr}`);
      return r;
    };
    await run("a", ["init", `--url=${server.url}`, `--token-file=${tokenFile}`]);
    const id = JSON.parse(await Deno.readTextFile(join(pack("a"), ".cloud-sync", "sync.json"))).instance_id;
    await run("b", ["init", `--url=${server.url}`, `--token-file=${tokenFile}`, `--instance-id=${id}`]);
    assert.match((await run("a", ["push"])).stderr, /uploaded snapshot/);
    assert.match((await run("b", ["pull"])).stderr, /updated to the cloud's version from pc-a/);
    assert.equal(await Deno.readTextFile(join(pack("b"), "saves", "World", "level.dat")), "played on a");
    assert.match((await run("b", ["pull"])).stderr, /up to date/);
    const status = JSON.parse((await run("b", ["status", "--json"])).stdout);
    assert.ok(!JSON.stringify(status).includes("rest-e2e-pw"), "status shows no password");
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});
