/**
 * The real CLI in a real terminal (tmux): two computers set up sync through a cloud drive chosen from the
 * remotes of rclone's configuration, entirely from the keyboard. The "drive" is an rclone remote of type
 * `local` in a temp `RCLONE_CONFIG` (rclone's own code path for a configured remote, no server needed).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { rcloneMissing } from "../helpers/rclone.ts";
import { cliLine, inTerminal } from "../helpers/tmux.ts";
import { testResticPath } from "../helpers/tools.ts";
import { skipIf } from "../helpers/skip.ts";

const missing = rcloneMissing();
const IGNORE = skipIf(
  Deno.env.get("INSTANCE_SYNC_SKIP_TMUX") === "1" || missing !== null,
  "tmux rclone setup",
  missing ?? "INSTANCE_SYNC_SKIP_TMUX=1 (no tmux on this CI runner)",
);

Deno.test("setup chooses a cloud drive from rclone's remotes, and the second computer joins through it", {
  ignore: IGNORE,
}, async () => {
  const root = await Deno.makeTempDir({ prefix: "is-setup-rclone-" });
  try {
    const drive = join(root, "drive");
    const rcloneConfig = join(root, "rclone.conf");
    await Deno.writeTextFile(rcloneConfig, "[usb]\ntype = local\n\n[zdrive]\ntype = local\n");
    const [a, b] = [join(root, "a/.minecraft"), join(root, "b/.minecraft")];
    await Deno.mkdir(join(a, "saves/World"), { recursive: true });
    await Deno.mkdir(b, { recursive: true });
    await Deno.writeTextFile(join(a, "saves/World/level.dat"), "the desktop's world");
    const env = (who: string) => ({
      INSTANCE_SYNC_HOST: `pc-${who}`,
      INSTANCE_SYNC_CONFIG_DIR: join(root, `config-${who}`),
      INSTANCE_SYNC_RESTIC: testResticPath(),
      RESTIC_CACHE_DIR: join(root, "cache"),
      RCLONE_CONFIG: rcloneConfig,
      INST_NAME: "Drive Pack",
    });
    const setUp = (
      pack: string,
      who: string,
      last: (t: Parameters<Parameters<typeof inTerminal>[1]>[0]) => Promise<void>,
    ) =>
      inTerminal(cliLine(["setup", `--pack-folder=${pack}`], env(who)), async (t) => {
        await t.screenWith("Where should this instance sync?");
        await t.keys("Down", "Enter");
        const remotes = await t.screenWith("zdrive");
        assert.match(remotes, /❯ .*usb/, remotes);
        await t.keys("Enter");
        await t.screenWith('Folder on "usb"');
        await t.keys("C-u", `-l ${drive}`, "Enter");
        await t.screenWith("Password (encrypts your worlds");
        await t.keys("-l drive-pw", "Enter");
        await last(t);
      });

    await setUp(a, "a", async (t) => {
      const done = await t.screenWith("EXIT=");
      assert.match(done, /EXIT=0/, done);
      assert.ok(!done.includes("drive-pw"), done);
    });
    assert.equal(
      JSON.parse(await Deno.readTextFile(join(a, ".cloud-sync/sync.json"))).url,
      `rclone:usb:${drive}`,
    );
    const pushed = await runCliProcess(["push", `--pack-folder=${a}`], { env: env("a") });
    assert.equal(pushed.code, 0, pushed.stderr);

    await setUp(b, "b", async (t) => {
      const list = await t.screenWith("Start a new instance");
      assert.match(list, /❯ Join "Drive Pack"/, list);
      await t.keys("Enter");
      const done = await t.screenWith("EXIT=");
      assert.match(done, /EXIT=0/, done);
      assert.match(done, /joined "Drive Pack"/, done);
    });
    const pulled = await runCliProcess(["pull", `--pack-folder=${b}`], { env: env("b") });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(await Deno.readTextFile(join(b, "saves/World/level.dat")), "the desktop's world");
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});
