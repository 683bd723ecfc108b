/**
 * `hooks install|remove` on launcher folders built in temp folders, and the written commands run as each
 * launcher runs them (its splitter, its `INST_*` environment, the game folder as working folder, no
 * stdin) against a real restic and a local-folder repository.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CfgFile } from "../../core/launchers/cfgFile.ts";
import { discover } from "../../core/launchers/discover.ts";
import { CLI_VARIABLE, cliCommand, runCliProcess } from "../helpers/cli.ts";
import { runAsLauncher } from "../helpers/launcherRun.ts";
import {
  buildAtlauncher,
  buildMmc,
  buildModrinth,
  oldInstanceCfg,
  prismInstanceCfg,
} from "../helpers/launchers.ts";
import { testResticPath } from "../helpers/tools.ts";

const RESTIC = { INSTANCE_SYNC_RESTIC: testResticPath() };
/** `$INSTANCE_SYNC_CLI` names the program the tests run: the hooks must name it too. */
const BINARY = Deno.env.get(CLI_VARIABLE) ? [`--binary=${Deno.env.get(CLI_VARIABLE)}`] : [];

async function hooks(args: string[], env: Record<string, string> = {}) {
  return await runCliProcess(["hooks", ...args, ...BINARY], { env: { ...RESTIC, ...env } });
}

/** Opts a game folder in with a local-folder repository and puts a world in it. */
async function optIn(gameDir: string, repo: string): Promise<string> {
  const init = await runCliProcess(["init", `--url=${repo}`, `--pack-folder=${gameDir}`], {
    env: RESTIC,
    input: "42:pw\n",
  });
  assert.equal(init.code, 0, init.stderr);
  await Deno.mkdir(join(gameDir, "saves", "World 1"), { recursive: true });
  await Deno.writeTextFile(join(gameDir, "saves", "World 1", "level.dat"), "a world");
  return JSON.parse(await Deno.readTextFile(join(gameDir, ".cloud-sync", "sync.json"))).instance_id;
}

async function snapshotCount(repo: string, id: string): Promise<number> {
  let n = 0;
  for await (const _ of Deno.readDir(join(repo, id, "snapshots"))) n++;
  return n;
}

/** A stand-in for a compiled instance-sync in `dir`: a script that runs the CLI the tests run. */
async function wrapperBinary(dir: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const bin = join(dir, "instance-sync");
  const target = cliCommand().map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(" ");
  await Deno.writeTextFile(bin, `#!/bin/sh\nexec ${target} "$@"\n`);
  await Deno.chmod(bin, 0o755);
  return bin;
}

/** The lines of `before` that are not `changed` keys appear unchanged and in order in `after`. */
function assertOtherLinesKept(before: string, after: string, changed: string[]) {
  const isChanged = (l: string) => changed.some((k) => l.startsWith(`${k}=`));
  assert.deepEqual(
    after.split("\n").filter((l) => !isChanged(l)),
    before.split("\n").filter((l) => !isChanged(l)),
  );
}

Deno.test("hooks install wires a Prism instance whose written commands, run as Prism runs them, sync it", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-prism-" });
  const data = join(root, "Prism Data");
  const cfg = prismInstanceCfg("My Pack", { iconKey: "default", JvmArgs: '"-Xmx4G -Da=b"' }) +
    "\n[Extra]\nPreLaunchCommand=not general\n";
  await buildMmc(data, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\nInstanceDir=instances\n", [
    { folder: "My Pack", cfg, game: "minecraft" },
  ]);
  const instanceDir = join(data, "instances", "My Pack");
  const gameDir = join(instanceDir, "minecraft");
  const repo = join(root, "repo");
  const id = await optIn(gameDir, repo);

  const r = await hooks(["install", `--launcher-dir=${data}`, "--instance=My Pack"]);
  assert.equal(r.code, 0, r.stderr);
  const after = await Deno.readTextFile(join(instanceDir, "instance.cfg"));
  assert.equal(await Deno.readTextFile(join(instanceDir, "instance.cfg.instance-sync-backup")), cfg);
  assertOtherLinesKept(cfg, after, ["OverrideCommands", "PreLaunchCommand", "PostExitCommand"]);
  const written = CfgFile.parse(after, "prism");
  assert.equal(written.get("OverrideCommands"), "true");

  const inst = { name: "My Pack", instanceDir, gameDir };
  const push = await runAsLauncher("prism", written.get("PostExitCommand")!, inst, RESTIC);
  assert.equal(push.code, 0, push.output);
  assert.equal(await snapshotCount(repo, id), 1, push.output);
  await Deno.remove(join(gameDir, "saves"), { recursive: true });
  // A new computer: no world, no sync state; the pre-launch command brings the world back.
  await Deno.remove(join(gameDir, ".cloud-sync", "state.json"));
  const pull = await runAsLauncher("prism", written.get("PreLaunchCommand")!, inst, RESTIC);
  assert.equal(pull.code, 0, pull.output);
  assert.equal(
    await Deno.readTextFile(join(gameDir, "saves", "World 1", "level.dat")),
    "a world",
    pull.output,
  );
});

Deno.test("hooks install writes an older-format Prism instance.cfg so that Prism's reader and splitter yield the words", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-prism-old-" });
  const cfg = oldInstanceCfg("Legacy Pack", { iconKey: "default" });
  await buildMmc(root, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
    { folder: "legacy", cfg, game: "minecraft" },
  ]);
  // A binary in a folder with a space: the written value starts and ends with a double quote and holds
  // "=", which Prism's older-format reader would strip once.
  const bin = await wrapperBinary(join(root, "my tools"));
  const instanceDir = join(root, "instances", "legacy");
  const gameDir = join(instanceDir, "minecraft");
  const repo = join(root, "repo");
  const id = await optIn(gameDir, repo);
  const r = await runCliProcess(["hooks", "install", `--launcher-dir=${root}`, "--all", `--binary=${bin}`], {
    env: RESTIC,
  });
  assert.equal(r.code, 0, r.stderr);
  const after = await Deno.readTextFile(join(instanceDir, "instance.cfg"));
  assert.ok(!after.includes("ConfigVersion"), after);
  assertOtherLinesKept(cfg, after, ["OverrideCommands", "PreLaunchCommand", "PostExitCommand"]);
  const asPrismReads = CfgFile.parse(after, "prism").get("PostExitCommand")!;
  assert.ok(asPrismReads.startsWith(`"${bin}" push `), asPrismReads);
  const push = await runAsLauncher(
    "prism",
    asPrismReads,
    { name: "Legacy Pack", instanceDir, gameDir },
    RESTIC,
  );
  assert.equal(push.code, 0, push.output);
  assert.equal(await snapshotCount(repo, id), 1);
});

Deno.test("hooks install keeps an older-format MultiMC instance.cfg in its format; remove empties the commands", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-mmc-" });
  const cfg = oldInstanceCfg("Old Pack", { notes: "line\\nnext \\# not a comment" });
  await buildMmc(root, "multimc.cfg", "InstanceDir=instances\n", [{
    folder: "old",
    cfg,
    game: ".minecraft",
  }]);
  const instanceDir = join(root, "instances", "old");
  const gameDir = join(instanceDir, ".minecraft");
  const repo = join(root, "repo");
  const id = await optIn(gameDir, repo);

  const r = await hooks(["install", "--launcher=multimc", `--launcher-dir=${root}`, "--all"]);
  assert.equal(r.code, 0, r.stderr);
  const after = await Deno.readTextFile(join(instanceDir, "instance.cfg"));
  assert.ok(!after.includes("ConfigVersion"), after);
  assertOtherLinesKept(cfg, after, ["OverrideCommands", "PreLaunchCommand", "PostExitCommand"]);
  const written = CfgFile.parse(after, "multimc");
  const push = await runAsLauncher("multimc", written.get("PostExitCommand")!, {
    name: "Old Pack",
    instanceDir,
    gameDir,
  }, RESTIC);
  assert.equal(push.code, 0, push.output);
  assert.equal(await snapshotCount(repo, id), 1);

  const removed = await hooks(["remove", `--launcher-dir=${root}`, "--instance=Old Pack"]);
  assert.equal(removed.code, 0, removed.stderr);
  const cleared = CfgFile.parse(await Deno.readTextFile(join(instanceDir, "instance.cfg")), "multimc");
  // Emptied, not deleted: the launcher would bring a deleted key back from memory.
  assert.equal(cleared.get("PreLaunchCommand"), "");
  assert.equal(cleared.get("PostExitCommand"), "");
});

Deno.test("hooks install wires ATLauncher's instance.json; sh -c runs the command; unknown fields stay byte-identical", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-atl-" });
  await buildAtlauncher(root, { enableCommands: false, firstTimeRun: false }, [
    {
      folder: "Vanilla Pack",
      launcher: { name: "Vanilla Pack", enableCommands: null, unknownField: { deep: [1, 2] } },
      extra: { id: "1.21.1", libraries: [{ name: "x" }] },
    },
  ]);
  const instanceDir = join(root, "instances", "Vanilla Pack");
  const before = await Deno.readTextFile(join(instanceDir, "instance.json"));
  const repo = join(root, "repo");
  const id = await optIn(instanceDir, repo);

  const r = await hooks(["install", `--launcher-dir=${root}`, "--instance=Vanilla Pack"]);
  assert.equal(r.code, 0, r.stderr);
  const after = await Deno.readTextFile(join(instanceDir, "instance.json"));
  const json = JSON.parse(after);
  assert.equal(json.launcher.enableCommands, true);
  assert.deepEqual(json.launcher.unknownField, { deep: [1, 2] });
  // Everything before the launcher's commands is the same bytes.
  assert.equal(
    after.slice(0, before.indexOf('"enableCommands"')),
    before.slice(0, before.indexOf('"enableCommands"')),
  );
  const push = await runAsLauncher("atlauncher", json.launcher.postExitCommand, {
    name: "Vanilla Pack",
    instanceDir,
    gameDir: instanceDir,
  }, RESTIC);
  assert.equal(push.code, 0, push.output);
  assert.equal(await snapshotCount(repo, id), 1);
});

Deno.test("hooks install refuses someone else's command (exit 2, file unchanged) and keeps it with --keep-existing", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-keep-" });
  const marker = join(root, "a marker", "ran");
  await Deno.mkdir(join(root, "a marker"));
  const foreign = `touch "${marker}"`;
  const cfg = prismInstanceCfg("Packwiz", {
    OverrideCommands: "true",
    PostExitCommand: `touch \\"${marker}\\"`,
  });
  await buildMmc(root, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
    { folder: "pw", cfg, game: "minecraft" },
  ]);
  const instanceDir = join(root, "instances", "pw");
  const gameDir = join(instanceDir, "minecraft");
  const repo = join(root, "repo");
  const id = await optIn(gameDir, repo);

  const refused = await hooks(["install", `--launcher-dir=${root}`, "--instance=Packwiz"]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(
    refused.stderr,
    new RegExp(`already runs a post-exit command: "${foreign.replace(/[/\\^$.*+?()[\]{}|]/g, "\\$&")}"`),
  );
  assert.match(refused.stderr, /--keep-existing/);
  assert.equal(await Deno.readTextFile(join(instanceDir, "instance.cfg")), cfg);

  const kept = await hooks(["install", `--launcher-dir=${root}`, "--instance=Packwiz", "--keep-existing"]);
  assert.equal(kept.code, 0, kept.stderr);
  const written = CfgFile.parse(await Deno.readTextFile(join(instanceDir, "instance.cfg")), "prism");
  const found = await discover({ env: {}, home: "/none", os: "linux", launcherDir: root });
  assert.equal(found.instances[0].hooks.state, "instance", "a chained command still reads as wired");
  const inst = { name: "Packwiz", instanceDir, gameDir };
  const push = await runAsLauncher("prism", written.get("PostExitCommand")!, inst, RESTIC);
  assert.equal(push.code, 0, push.output);
  assert.ok(await Deno.stat(marker).then(() => true, () => false), "the kept command did not run");
  assert.equal(await snapshotCount(repo, id), 1, push.output);

  const removed = await hooks(["remove", `--launcher-dir=${root}`, "--instance=Packwiz"]);
  assert.equal(removed.code, 0, removed.stderr);
  const back = CfgFile.parse(await Deno.readTextFile(join(instanceDir, "instance.cfg")), "prism");
  assert.equal(back.get("PostExitCommand"), foreign);
  assert.equal(back.get("PreLaunchCommand"), "");
});

Deno.test("hooks install refuses while the launcher runs, naming it, and writes nothing", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-running-" });
  const cfg = prismInstanceCfg("Busy");
  await buildMmc(root, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [{
    folder: "b",
    cfg,
    game: "minecraft",
  }]);
  // A stand-in launcher: a copy of sleep that the kernel names "prismlauncher".
  const standIn = join(root, "prismlauncher");
  await Deno.copyFile("/bin/sleep", standIn);
  await Deno.chmod(standIn, 0o755);
  const child = new Deno.Command(standIn, { args: ["60"], stdin: "null", stdout: "null", stderr: "null" })
    .spawn();
  try {
    const r = await hooks(["install", `--launcher-dir=${root}`, "--instance=Busy"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`Prism Launcher is running \\(process ${child.pid}\\)`));
    assert.match(r.stderr, /Close Prism Launcher/);
    assert.equal(await Deno.readTextFile(join(root, "instances", "b", "instance.cfg")), cfg);
    assert.ok(
      !await Deno.stat(join(root, "instances", "b", "instance.cfg.instance-sync-backup")).catch(() => null),
    );
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
});

Deno.test("hooks install --dry-run prints the change and writes nothing", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-dry-" });
  const cfg = prismInstanceCfg("Dry");
  await buildMmc(root, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [{
    folder: "d",
    cfg,
    game: "minecraft",
  }]);
  const r = await hooks(["install", `--launcher-dir=${root}`, "--instance=Dry", "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Would wire Prism Launcher instance "Dry"/);
  assert.match(r.stderr, /\+ OverrideCommands=true/);
  assert.match(r.stderr, /\+ PreLaunchCommand=.* pull /);
  assert.equal(await Deno.readTextFile(join(root, "instances", "d", "instance.cfg")), cfg);
});

Deno.test("hooks install on a Flatpak Prism copies the binary into its data folder and names the copy", async () => {
  const home = await Deno.makeTempDir({ prefix: "is-hooks-flat-" });
  const data = join(home, ".var/app/org.prismlauncher.PrismLauncher/data/PrismLauncher");
  await buildMmc(data, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
    { folder: "f", cfg: prismInstanceCfg("Flat"), game: "minecraft" },
  ]);
  const bin = await wrapperBinary(join(home, "bin"));
  const r = await runCliProcess(["hooks", "install", "--instance=Flat", `--binary=${bin}`], {
    env: { ...RESTIC, HOME: home, XDG_DATA_HOME: join(home, ".local/share") },
  });
  assert.equal(r.code, 0, r.stderr);
  const copy = join(data, "instance-sync", "instance-sync");
  assert.match(
    r.stderr,
    new RegExp(`Copied .* to "${copy.replace(/[.]/g, "\\.")}": the Flatpak sandbox runs that copy`),
  );
  assert.equal(await Deno.readTextFile(copy), await Deno.readTextFile(bin));
  const written = CfgFile.parse(await Deno.readTextFile(join(data, "instances/f/instance.cfg")), "prism");
  assert.ok(written.get("PreLaunchCommand")!.startsWith(copy + " pull "), written.get("PreLaunchCommand"));
  // The player opts in from a terminal on the host, with the default (local folder) repository.
  const app = join(home, ".var/app/org.prismlauncher.PrismLauncher");
  const gameDir = join(data, "instances/f/minecraft");
  const userDirs = { INSTANCE_SYNC_CONFIG_DIR: "", INSTANCE_SYNC_CACHE_DIR: "", HOME: home, ...RESTIC };
  const host = {
    ...userDirs,
    XDG_DATA_HOME: join(home, ".local/share"),
    XDG_CONFIG_HOME: join(home, ".config"),
  };
  const init = await runCliProcess(["init", `--pack-folder=${gameDir}`], { env: host, input: "42:pw\n" });
  assert.equal(init.code, 0, init.stderr);
  const sync = JSON.parse(await Deno.readTextFile(join(gameDir, ".cloud-sync/sync.json")));
  assert.equal(sync.url, join(app, "data/instance-sync/repositories"));
  await Deno.mkdir(join(gameDir, "saves/W"), { recursive: true });
  await Deno.writeTextFile(join(gameDir, "saves/W/level.dat"), "w");
  // The copy runs as the sandboxed launcher runs it: Flatpak's XDG folders, the same repository and identity.
  const sandbox = {
    ...userDirs,
    FLATPAK_ID: "org.prismlauncher.PrismLauncher",
    XDG_CONFIG_HOME: join(app, "config"),
    XDG_DATA_HOME: join(app, "data"),
    XDG_CACHE_HOME: join(app, "cache"),
  };
  const inst = { name: "Flat", instanceDir: join(data, "instances/f"), gameDir };
  const push = await runAsLauncher("prism", written.get("PostExitCommand")!, inst, sandbox);
  assert.equal(push.code, 0, push.output);
  assert.equal(await snapshotCount(sync.url, sync.instance_id), 1, push.output);
  assert.ok(
    await Deno.stat(join(app, "config/instance-sync/machine-id")).catch(() => null),
    "no machine id in the app",
  );
  // The host terminal now finds the instance up to date: same repository, same known snapshots.
  const status = await runCliProcess(["push", `--pack-folder=${gameDir}`], { env: host });
  assert.equal(status.code, 0, status.stderr);
  assert.equal(await snapshotCount(sync.url, sync.instance_id), 1, status.stderr);
  assert.equal(await Deno.stat(join(home, ".config/instance-sync")).catch(() => null), null);
});

Deno.test("hooks install prints what to paste for the Modrinth App and writes nothing", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-modrinth-" });
  await buildModrinth(root, {}, [{ path: "my pack", name: "My Pack" }]);
  const before = await Deno.readFile(join(root, "app.db"));
  const r = await hooks(["install", `--launcher-dir=${root}`, "--instance=My Pack"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Modrinth App instance "My Pack": .*paste/);
  assert.match(
    r.stdout,
    new RegExp(`Pre-launch: .* pull '--pack-folder=${join(root, "profiles", "my pack")}'`),
  );
  assert.deepEqual(await Deno.readFile(join(root, "app.db")), before);
});

Deno.test("hooks refuses a missing target choice and an unknown instance with exit 2 and one line", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-bad-" });
  await buildMmc(root, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
    { folder: "a", cfg: prismInstanceCfg("A"), game: "minecraft" },
  ]);
  const none = await hooks(["install", `--launcher-dir=${root}`]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Choose exactly one of --instance=NAME, --all and --global/);
  const unknown = await hooks(["install", `--launcher-dir=${root}`, "--instance=Nope"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--instance "Nope" matches no instance \(found: "A"\)/);
  assert.ok(!/\bat .*\.ts:\d+/.test(unknown.stderr + none.stderr), "a stack trace");
});

Deno.test("hooks install names a malformed ATLauncher.json in one line (exit 2) and changes nothing", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-hooks-badjson-" });
  await buildAtlauncher(root, {}, [{ folder: "x", launcher: { name: "X" } }]);
  const file = join(root, "configs", "ATLauncher.json");
  await Deno.writeTextFile(file, "{ not json");
  const r = await hooks(["install", `--launcher-dir=${root}`, "--global"]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`Cannot parse "${file.replace(/[.]/g, "\\.")}": it is not a JSON object`),
  );
  assert.equal(await Deno.readTextFile(file), "{ not json");
});
