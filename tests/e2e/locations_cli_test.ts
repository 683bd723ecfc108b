/**
 * Two computers sync one instance through a cloud drive (rclone, a configured WebDAV remote) and through
 * SFTP (a real sshd), as players do it from the command line: `init --url`, the first `push`, the second
 * computer joins by the instance's name (`init --join`) and pulls. And a hook without rclone on PATH says
 * what to install and, by default, lets the game start.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { rcloneMissing, startWebdavDrive } from "../helpers/rclone.ts";
import { skipIf } from "../helpers/skip.ts";
import { sshdMissing, startSshd } from "../helpers/sshd.ts";
import { testResticPath } from "../helpers/tools.ts";

const PATH = Deno.env.get("PATH") ?? "";

function computer(base: string, name: string, url: string, extraEnv: Record<string, string>) {
  const root = join(base, name);
  const pack = join(root, ".minecraft");
  const env = {
    INSTANCE_SYNC_HOST: `pc-${name}`,
    INSTANCE_SYNC_CONFIG_DIR: join(base, `config-${name}`),
    INSTANCE_SYNC_CACHE_DIR: join(base, `cache-${name}`),
    INSTANCE_SYNC_RESTIC: testResticPath(),
    RESTIC_CACHE_DIR: join(base, "restic-cache"),
    INST_MC_DIR: pack,
    INST_NAME: "Survival Pack",
    ...extraEnv,
  };
  return {
    pack,
    async setUp() {
      await Deno.mkdir(pack, { recursive: true });
      await Deno.writeTextFile(join(root, "instance.cfg"), "InstanceType=OneSix\nname=Survival Pack\n");
    },
    run: (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
      runCliProcess(args.map((a) => a.replace("URL", url)), {
        env: { ...env, ...opts.env },
        input: opts.input,
      }),
  };
}

async function twoComputersJoinByName(url: string, env: Record<string, string>) {
  const base = await Deno.makeTempDir({ prefix: "is-locations-" });
  try {
    const a = computer(base, "a", url, env);
    const b = computer(base, "b", url, env);
    await a.setUp();
    await b.setUp();
    await Deno.mkdir(join(a.pack, "saves/World"), { recursive: true });
    await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "the first computer's world");
    const init = await a.run(["init", "--url=URL"], { input: "player:drive-password\n" });
    assert.equal(init.code, 0, init.stderr);
    const first = await a.run(["push"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /uploaded snapshot/);

    const joined = await b.run(["init", "--url=URL", "--join=survival pack"], {
      input: "player:drive-password\n",
    });
    assert.equal(joined.code, 0, joined.stderr);
    assert.match(joined.stderr, /joined "Survival Pack"/);
    const pulled = await b.run(["pull"]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(
      await Deno.readTextFile(join(b.pack, "saves/World/level.dat")),
      "the first computer's world",
    );

    await Deno.writeTextFile(join(b.pack, "saves/World/level.dat"), "played on b");
    assert.equal((await b.run(["push"])).code, 0);
    const back = await a.run(["pull"]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(await Deno.readTextFile(join(a.pack, "saves/World/level.dat")), "played on b");
    const history = JSON.parse((await a.run(["history", "--json"])).stdout).snapshots;
    assert.deepEqual(history.map((s: { host: string }) => s.host).sort(), ["pc-a", "pc-b"]);

    // The same hook on a computer without rclone: the message names what to install; the game starts.
    if (url.startsWith("rclone:")) {
      await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "played on a");
      const noRclone = { PATH: "/nonexistent" };
      const hook = await a.run(["push"], { env: noRclone });
      assert.equal(hook.code, 0, hook.stderr);
      assert.match(hook.stderr, /it needs rclone, which is not installed/);
      assert.match(hook.stderr, /your changes stay on this computer/);
      const strict = await a.run(["pull", "--offline=abort"], { env: noRclone });
      assert.equal(strict.code, 1, strict.stderr);
      assert.match(strict.stderr, /https:\/\/rclone\.org\/install\//);
    }
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

const noRclone = rcloneMissing();
Deno.test({
  name: "two computers sync through a cloud drive (rclone remote): init, push, join by name, pull",
  ignore: skipIf(noRclone !== null, "rclone cli", noRclone ?? ""),
  async fn() {
    await using drive = await startWebdavDrive("cloud");
    await twoComputersJoinByName("rclone:cloud:minecraft", { RCLONE_CONFIG: drive.config });
  },
});

const noSshd = sshdMissing();
Deno.test({
  name: "two computers sync through SFTP (a real sshd): init, push, join by name, pull",
  ignore: skipIf(noSshd !== null, "sftp cli", noSshd ?? ""),
  async fn() {
    await using sshd = await startSshd();
    await twoComputersJoinByName(`sftp:${sshd.host}:${sshd.dataDir}/minecraft`, {
      PATH: `${sshd.binDir}:${PATH}`,
    });
  },
});
