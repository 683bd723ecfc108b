/**
 * The home screen in a real terminal, as a new player meets it: `instance-sync` with no command in an
 * 80x24 tmux finds a Prism install in a temp HOME, sets an instance up with a local-folder repository
 * through the wizard, wires its hooks, and the files say so.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CfgFile } from "../../core/launchers/cfgFile.ts";
import { qtSplitCommand } from "../../core/launchers/commandLine.ts";
import { runCliProcess } from "../helpers/cli.ts";
import { skipIf } from "../helpers/skip.ts";
import { prismHome } from "../helpers/prismHome.ts";
import { withTempDir } from "../helpers/tmp.ts";
import { cliLine, inTerminal } from "../helpers/tmux.ts";
import { testResticPath } from "../helpers/tools.ts";

const NO_TMUX = skipIf(
  Deno.env.get("INSTANCE_SYNC_SKIP_TMUX") === "1",
  "tmux home screen test",
  "INSTANCE_SYNC_SKIP_TMUX=1 (no tmux on this CI runner)",
);

Deno.test("the home screen in tmux discovers a Prism instance, sets it up with a local folder and wires it", {
  ignore: NO_TMUX,
}, async () => {
  await withTempDir(async (root) => {
    const p = await prismHome(join(root, "home"), { files: { "saves/World/level.dat": "level" } });
    const repos = join(root, "repos");
    const env = { ...p.env, INSTANCE_SYNC_RESTIC: testResticPath(), NO_COLOR: "1" };
    await inTerminal(cliLine([], env), async (t) => {
      let screen = await t.screenWith("Cozy Pack");
      assert.match(screen, /Prism Launcher · not syncing · hooks not wired/);
      await t.keys("Enter");
      await t.screenWith("Set up sync");
      await t.keys("Enter");
      await t.screenWith("Where should this instance sync?");
      await t.keys("Enter"); // a sync server (here: a folder on this computer)
      await t.screenWith("Step 1 of 3");
      await t.keys("C-u", `-l ${repos}`, "Enter");
      await t.screenWith("Step 2 of 3");
      await t.keys("-l 42", "Enter");
      await t.screenWith("Step 3 of 3");
      await t.keys("-l hunter22", "Enter");
      screen = await t.screenWith('hooks for "Cozy Pack" now?', 120_000);
      assert.doesNotMatch(screen, /Looking up the instances/); // no spinner left behind
      assert.match(screen, /Not now \(pick the instance in this list to wire it later\)/);
      assert.doesNotMatch(screen, /the home screen, `instance-sync`, can do it later/);
      await t.keys("Enter");
      screen = await t.screenWith("hooks wired", 60_000);
      assert.match(screen, /✔ Wired Prism Launcher instance "Cozy Pack"/);
      assert.match(screen, /Cozy Pack\s+Prism Launcher · syncing · hooks wired/);
      // The wizard is erased once answered: the list it returns to is not pushed down by it.
      assert.doesNotMatch(screen, /Set up instance-sync|Connected to|Step \d of 3/);
      assert.doesNotMatch(screen, /hunter22/);
      await t.keys("q");
      await t.screenWith("EXIT=0");
      assert.equal(await t.cursorVisible(), true, "the cursor was left hidden");
    });
    const syncJson = JSON.parse(await Deno.readTextFile(join(p.gameDir, ".cloud-sync", "sync.json")));
    assert.equal(syncJson.url, repos);
    assert.equal(syncJson.label, "Cozy Pack");
    assert.equal(await Deno.readTextFile(join(p.gameDir, ".cloud-sync", "token")), "42:hunter22\n");
    const cfg = CfgFile.parse(await Deno.readTextFile(join(p.instanceDir, "instance.cfg")), "prism");
    assert.equal(cfg.get("OverrideCommands"), "true");
    const pre = qtSplitCommand(cfg.get("PreLaunchCommand") ?? "");
    const post = qtSplitCommand(cfg.get("PostExitCommand") ?? "");
    assert.ok(pre.includes("pull") && pre.some((w) => w.includes("$INST_MC_DIR")), pre.join(" "));
    assert.ok(post.includes("push") && post.some((w) => w.includes("$INST_MC_DIR")), post.join(" "));
    // The doctor agrees: the written hooks run this very program, and nothing else is wrong.
    const doctor = await runCliProcess(["doctor", "--json"], { env });
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    const [i] = JSON.parse(doctor.stdout).instances;
    assert.deepEqual([i.name, i.sync, i.hooks, i.problems], ["Cozy Pack", "on", "instance", []]);
  });
});
