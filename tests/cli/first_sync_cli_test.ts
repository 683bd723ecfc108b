/**
 * The pre-launch hook on a joined computer, run as a launcher runs it (a separate process, no terminal):
 * files byte for byte the cloud's let the game start (exit 0); one different byte stops it (exit 3).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { instancePaths } from "../../core/config/paths.ts";
import { push } from "../../core/sync/push.ts";
import { readState } from "../../core/sync/state.ts";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { withTempDir } from "../helpers/tmp.ts";
import { Machine } from "../core/sync/world.ts";

Deno.test("a joined computer's pre-launch pull starts the game over an identical options.txt and stops it over one changed byte", async () => {
  await using server = await startRestServer({ users: { player: "rest-secret" } });
  await withTempDir(async (dir) => {
    const token = { id: "player", password: "rest-secret" };
    const machine = async (host: string) => {
      const pack = join(dir, host);
      await Deno.mkdir(pack);
      return new Machine(host, pack, testResticPath());
    };
    const [a, b, c] = [await machine("pc-a"), await machine("pc-b"), await machine("pc-c")];
    const id = await a.init(server.url, token);
    await b.init(server.url, token, id);
    await c.init(server.url, token, id);
    await a.write({ "options.txt": "fov:70", "saves/W/level.dat": "world" });
    const pushed = await push(a.options());
    const hook = (m: Machine) =>
      runCliProcess(["pull", `--pack-folder=${m.pack}`, "--no-gui"], {
        env: { INSTANCE_SYNC_HOST: m.host, INSTANCE_SYNC_RESTIC: testResticPath(), INST_NAME: "Pack" },
      });

    await b.write({ "options.txt": "fov:70" });
    const same = await hook(b);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stderr, /updated to the cloud's version from pc-a .*were the same already/);
    assert.equal((await readState(instancePaths(b.pack))).base?.id, pushed.snapshot);
    assert.equal((await b.tree())["saves/W/level.dat"], "world");

    await c.write({ "options.txt": "fov:71" });
    const differs = await hook(c);
    assert.equal(differs.code, 3, differs.stderr);
    assert.match(differs.stderr, /own "Pack" files \("options.txt" is not the cloud's\)/);
    assert.match(differs.stderr, /instance-sync resolve --pack-folder=/);
    assert.doesNotMatch(differs.stderr, /^\s+at /m, "no stack trace");
    assert.equal((await readState(instancePaths(c.pack))).base, null);
    assert.deepEqual(await c.tree(), { "options.txt": "fov:71" });
  });
});
