/**
 * Wiring from the home screen and from setup (cli/home/wire.ts): someone else's command is kept only
 * when the player says so, and left untouched otherwise.
 *
 * cli-suites: not an end-to-end suite: the CLI's `deno run` command line is the program the hooks name
 * (`cliCommand([], "")`), and nothing here starts it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { wireHooks } from "../../cli/home/wire.ts";
import { UsageError } from "../../core/errors.ts";
import { CfgFile } from "../../core/launchers/cfgFile.ts";
import { discover } from "../../core/launchers/discover.ts";
import { cliCommand } from "../helpers/cli.ts";
import { buildMmc, prismInstanceCfg } from "../helpers/launchers.ts";
import { withTempDir } from "../helpers/tmp.ts";

const FOREIGN = "/opt/packwiz/bootstrap.sh";

async function foreignInstance(home: string) {
  const data = join(home, ".local/share/PrismLauncher");
  await buildMmc(data, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [{
    folder: "Cozy",
    cfg: prismInstanceCfg("Cozy Pack", { OverrideCommands: "true", PreLaunchCommand: FOREIGN }),
    game: "minecraft",
  }]);
  const found = await discover({ env: {}, home, os: "linux" });
  assert.equal(found.instances[0].hooks.state, "foreign");
  return { cfg: join(data, "instances/Cozy/instance.cfg"), instance: found.instances[0] };
}

Deno.test("wireHooks() leaves someone else's command and the file alone when the player refuses", async () => {
  await withTempDir(async (home) => {
    const { cfg, instance } = await foreignInstance(home);
    const before = await Deno.readTextFile(cfg);
    const asked: string[] = [];
    const lines = await wireHooks([{ scope: "instance", instance }], (q) => {
      asked.push(q);
      return Promise.resolve(false);
    });
    assert.equal(asked.length, 1);
    assert.match(asked[0], /\/opt\/packwiz\/bootstrap\.sh/);
    assert.match(lines[0], /^Not wired: /);
    assert.equal(await Deno.readTextFile(cfg), before);
  });
});

Deno.test("wireHooks() keeps someone else's command running first when the player keeps it", async () => {
  await withTempDir(async (home) => {
    const { cfg, instance } = await foreignInstance(home);
    // In a test process the running program is the test file: name the CLI's own command line.
    const keep = () => Promise.resolve(true);
    const lines = await wireHooks([{ scope: "instance", instance }], keep, cliCommand([], ""));
    assert.match(
      lines.join("\n"),
      /✔ Wired Prism Launcher instance "Cozy Pack"[\s\S]*bootstrap\.sh" keeps running first/,
    );
    const pre = CfgFile.parse(await Deno.readTextFile(cfg), "prism").get("PreLaunchCommand") ?? "";
    assert.ok(pre.includes(FOREIGN) && pre.includes("pull"), pre);
    const after = await discover({ env: {}, home, os: "linux" });
    assert.equal(after.instances[0].hooks.state, "instance", JSON.stringify(after.instances[0].hooks));
  });
});

Deno.test("wireHooks() shows a refusal that is not someone else's command as it is, without asking to keep it", async () => {
  await withTempDir(async (home) => {
    const data = join(home, ".var/app/org.prismlauncher.PrismLauncher/data/PrismLauncher");
    await buildMmc(data, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [{
      folder: "Vanilla",
      cfg: prismInstanceCfg("Vanilla"),
      game: "minecraft",
    }]);
    const instance = (await discover({ env: {}, home, os: "linux" })).instances[0];
    assert.equal(instance.install.flatpak, true);
    const before = await Deno.readTextFile(join(data, "instances/Vanilla/instance.cfg"));
    const asked: string[] = [];
    const ask = (q: string) => (asked.push(q), Promise.resolve(true));
    // `deno run …` is several words: the sandbox has no single binary to copy and run.
    await assert.rejects(
      wireHooks([{ scope: "instance", instance }], ask, cliCommand([], "")),
      (e: Error) =>
        e instanceof UsageError && /sandbox cannot run .*hooks install --binary=PATH/.test(e.message),
    );
    assert.deepEqual(asked, []);
    assert.equal(await Deno.readTextFile(join(data, "instances/Vanilla/instance.cfg")), before);
  });
});
