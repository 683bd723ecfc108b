/**
 * The home screen's actions that need no terminal: pause, resume and the doctor's findings.
 *
 * cli-suites: not an end-to-end suite: the actions run in-process (performHomeAction); the CLI is not
 * started here (tests/e2e/tmux_home_test.ts drives the home screen through the program).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { instanceContext, performHomeAction } from "../../cli/home/perform.ts";
import { setupPrefill } from "../../cli/home/prefill.ts";
import { userConfigDir } from "../../core/config/machine.ts";
import { initConfig } from "../../core/config/lifecycle.ts";
import { instancePaths } from "../../core/config/paths.ts";
import { discover } from "../../core/launchers/discover.ts";
import { silentContext } from "../helpers/cli.ts";
import { buildMmc, prismInstanceCfg } from "../helpers/launchers.ts";
import { prismHome } from "../helpers/prismHome.ts";
import { withTempDir } from "../helpers/tmp.ts";
import { testResticPath } from "../helpers/tools.ts";

Deno.test("the home screen pauses and resumes an instance's sync and shows the doctor's findings", async () => {
  await withTempDir(async (root) => {
    const p = await prismHome(join(root, "home"));
    const paths = instancePaths(p.gameDir);
    await initConfig(paths, { url: join(root, "repos"), token: { id: "42", password: "pw" } });
    const ctx = { ...silentContext(), env: { ...p.env, INSTANCE_SYNC_RESTIC: testResticPath() } };
    const found = async () => await discover({ env: {}, home: p.home, os: "linux" });

    let f = await found();
    assert.deepEqual(await performHomeAction("pause", f.instances[0], f, ctx), [
      'Sync paused for "Cozy Pack": the hooks do nothing until you resume it',
    ]);
    f = await found();
    assert.equal(f.instances[0].sync.state, "paused");
    assert.deepEqual(await performHomeAction("pause", f.instances[0], f, ctx), ["Sync is already paused"]);

    await performHomeAction("resume", f.instances[0], f, ctx);
    f = await found();
    assert.equal(f.instances[0].sync.state, "on");

    const lines = await performHomeAction("doctor", f.instances[0], f, ctx);
    assert.equal(lines[0], '"Cozy Pack":');
    assert.match(
      lines.join("\n"),
      /✘ The launcher runs no instance-sync hooks[\s\S]*→ Run `instance-sync hooks install/,
    );
  });
});

Deno.test("the home screen runs a Flatpak instance's actions with the sandbox's folders, as its hooks do", async () => {
  await withTempDir(async (home) => {
    const flatpak = join(home, ".var/app/org.prismlauncher.PrismLauncher");
    await buildMmc(
      join(flatpak, "data/PrismLauncher"),
      "prismlauncher.cfg",
      "[General]\nConfigVersion=1.2\n",
      [
        { folder: "Vanilla", cfg: prismInstanceCfg("Vanilla"), game: "minecraft" },
      ],
    );
    await buildMmc(
      join(home, ".local/share/PrismLauncher"),
      "prismlauncher.cfg",
      "[General]\nConfigVersion=1.2\n",
      [
        { folder: "Cozy", cfg: prismInstanceCfg("Cozy Pack"), game: "minecraft" },
      ],
    );
    const found = await discover({ env: {}, home, os: "linux" });
    const byName = (name: string) => found.instances.find((i) => i.name === name)!;
    const ctx = { ...silentContext(), env: { HOME: home } };
    const sandboxed = instanceContext(ctx, byName("Vanilla")).env;
    assert.equal(sandboxed.XDG_CONFIG_HOME, join(flatpak, "config"));
    assert.equal(sandboxed.XDG_CACHE_HOME, join(flatpak, "cache"));
    assert.equal(userConfigDir(sandboxed, "linux"), join(flatpak, "config/instance-sync"));
    assert.deepEqual(instanceContext(ctx, byName("Cozy Pack")).env, { HOME: home });
  });
});

Deno.test("setting up a second instance from the home screen starts with the first one's server and id", async () => {
  await withTempDir(async (home) => {
    await buildMmc(
      join(home, ".local/share/PrismLauncher"),
      "prismlauncher.cfg",
      "[General]\nConfigVersion=1.2\n",
      [
        { folder: "Cozy", cfg: prismInstanceCfg("Cozy Pack"), game: "minecraft" },
        { folder: "Vanilla", cfg: prismInstanceCfg("Vanilla"), game: "minecraft" },
      ],
    );
    const before = await discover({ env: {}, home, os: "linux" });
    const [cozy, vanilla] = before.instances;
    assert.deepEqual(
      await setupPrefill(before.instances, vanilla),
      {},
      "nothing syncs yet: the wizard's defaults",
    );
    const url = "https://sync.example.org";
    await initConfig(instancePaths(cozy.gameDir), { url, token: { id: "123456789", password: "hunter22" } });
    const tokenMode = (await Deno.stat(instancePaths(cozy.gameDir).token)).mode;
    const after = await discover({ env: {}, home, os: "linux" });
    const prefill = await setupPrefill(after.instances, after.instances[1]);
    assert.deepEqual(prefill, { url, id: "123456789" });
    assert.ok(!JSON.stringify(prefill).includes("hunter22"), "never the password");
    assert.equal((await Deno.stat(instancePaths(cozy.gameDir).token)).mode, tokenMode);
    assert.deepEqual(await setupPrefill(after.instances, after.instances[0]), {}, "not from itself");
    const syncJson = instancePaths(cozy.gameDir).syncJson;
    const text = await Deno.readTextFile(syncJson);
    await Deno.writeTextFile(syncJson, text.replace(url, "rest:https://me:secret@sync.example.org/"));
    assert.deepEqual(await setupPrefill(after.instances, vanilla), {}, "a url with credentials is not shown");
  });
});
