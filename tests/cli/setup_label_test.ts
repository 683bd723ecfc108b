/** `setup`'s label for an instance: the flag, `$INST_NAME`, else the launcher's name for its game folder. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { setupLabel } from "../../cli/commands/setup.ts";
import { runCliProcess, silentContext } from "../helpers/cli.ts";
import { buildMmc, prismInstanceCfg } from "../helpers/launchers.ts";
import { withTempDir } from "../helpers/tmp.ts";

Deno.test("setup in a terminal names the instance as its launcher does when no label is given", async () => {
  await withTempDir(async (home) => {
    const data = join(home, ".local/share/PrismLauncher");
    await buildMmc(data, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
      { folder: "Vanilla", cfg: prismInstanceCfg("Vanilla 1.21"), game: "minecraft" },
    ]);
    const gameDir = join(data, "instances/Vanilla/minecraft");
    const ctx = { ...silentContext(), env: { HOME: home } };
    assert.equal(await setupLabel({}, ctx, gameDir, true), "Vanilla 1.21");
    assert.equal(await setupLabel({}, ctx, join(home, "elsewhere"), true), undefined);
    assert.equal(
      await setupLabel({}, ctx, gameDir, false),
      undefined,
      "no terminal: no join step to preselect",
    );
    const launched = { ...ctx, env: { HOME: home, INST_NAME: "From Launcher" } };
    assert.equal(await setupLabel({}, launched, gameDir, true), "From Launcher");
    assert.equal(await setupLabel({ instanceLabel: "Mine" }, launched, gameDir, true), "Mine");
  });
});

Deno.test("init run by hand in a launcher's game folder remembers the launcher's name for the instance", async () => {
  await withTempDir(async (home) => {
    const data = join(home, ".local/share/PrismLauncher");
    await buildMmc(data, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
      { folder: "Vanilla", cfg: prismInstanceCfg("Vanilla 1.21"), game: "minecraft" },
    ]);
    const gameDir = join(data, "instances/Vanilla/minecraft");
    const env = { HOME: home, XDG_DATA_HOME: "", XDG_CONFIG_HOME: "", XDG_CACHE_HOME: "" };
    const init = await runCliProcess(["init", `--url=${join(home, "repos")}`, `--pack-folder=${gameDir}`], {
      env,
      input: "me:pw\n",
    });
    assert.equal(init.code, 0, init.stderr);
    const syncJson = JSON.parse(await Deno.readTextFile(join(gameDir, ".cloud-sync/sync.json")));
    assert.equal(syncJson.label, "Vanilla 1.21");
  });
});
