import assert from "node:assert/strict";
import { join } from "node:path";
import { discover } from "../../../core/launchers/discover.ts";
import { applyHookPlan } from "../../../core/launchers/hookApply.ts";
import { foreignPart, renderHook } from "../../../core/launchers/hookCommand.ts";
import { planHooks } from "../../../core/launchers/hookPlan.ts";
import { editJsonMembers } from "../../../core/launchers/jsonEdit.ts";
import { assertLaunchersClosed, isLauncherProcess } from "../../../core/launchers/launcherProcess.ts";
import { resolveBinary } from "../../../core/launchers/binary.ts";
import { posixSplit, qtSplitCommand } from "../../../core/launchers/commandLine.ts";
import { CfgFile } from "../../../core/launchers/cfgFile.ts";
import { withTempDir } from "../../helpers/tmp.ts";
import { buildAtlauncher, buildMmc, prismInstanceCfg } from "../../helpers/launchers.ts";

const PROGRAM = ["/opt/My Tools/instance-sync"];
const opts = (action: "install" | "remove", keepExisting = false) => ({
  action,
  program: PROGRAM,
  keepExisting,
  os: "linux" as const,
});

Deno.test("renderHook() commands split back into the intended words by each launcher's splitter", () => {
  const win = ["C:\\Program Files\\instance-sync\\instance-sync.exe"];
  for (const program of [PROGRAM, win, ["/usr/bin/deno", "run", "-A", "/a b/cli/main.ts"]]) {
    const raw = renderHook("prism", "pull", program);
    const folder = "C:\\Users\\Ann\\My Pack\\minecraft";
    const intended = [...program, "pull", `--pack-folder=${folder}`];
    // Newer Prism and MultiMC replace the variables in the text, then split.
    assert.deepEqual(qtSplitCommand(raw.replaceAll("$INST_MC_DIR", folder)), intended);
    // Older Prism splits, then replaces the variables in each word.
    assert.deepEqual(qtSplitCommand(raw).map((w) => w.replaceAll("$INST_MC_DIR", folder)), intended);
  }
  const pasted = renderHook("modrinth", "push", PROGRAM, { packFolder: "/p q/profiles/it's" });
  assert.deepEqual(posixSplit(pasted), [...PROGRAM, "push", "--pack-folder=/p q/profiles/it's"]);
});

Deno.test("renderHook() for ATLauncher runs under sh -c with the folder substituted as text", async () => {
  const command = renderHook("atlauncher", "pull", ["/bin/echo"], { existing: "echo first" })
    .replaceAll("$INST_MC_DIR", "/x y/inst");
  const out = await new Deno.Command("/bin/sh", { args: ["-c", command] }).output();
  assert.equal(new TextDecoder().decode(out.stdout), "first\npull --pack-folder=/x y/inst\n");
  assert.equal(
    foreignPart("atlauncher", renderHook("atlauncher", "pull", ["/b/instance-sync"], { existing: "x && y" })),
    "x && y",
  );
  assert.equal(
    foreignPart("prism", renderHook("prism", "pull", PROGRAM, { existing: 'a "b c"' })),
    'a "b c"',
  );
  assert.equal(foreignPart("prism", renderHook("prism", "pull", PROGRAM)), undefined);
});

Deno.test("planHooks() refuses a launcher-wide command that an instance override would hide", async () => {
  await withTempDir(async (dir) => {
    await buildMmc(dir, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\nPreLaunchCommand=packwiz\n", [
      { folder: "a", cfg: prismInstanceCfg("A"), game: "minecraft" },
    ]);
    const { instances } = await discover({ env: {}, home: "/none", os: "linux", launcherDir: dir });
    const targets = [{ scope: "instance" as const, instance: instances[0] }];
    await assert.rejects(planHooks(targets, opts("install")), /already runs a pre-launch command: "packwiz"/);
    const plan = await planHooks(targets, opts("install", true));
    const written = CfgFile.parse(plan.files[0].after, "prism");
    assert.deepEqual(
      qtSplitCommand(written.get("PreLaunchCommand")!).slice(0, 3),
      [...PROGRAM, "chain", "packwiz"].slice(0, 3),
    );
    assert.deepEqual(plan.files[0].kept, { preLaunch: "packwiz" });
  });
});

Deno.test("planHooks() --global writes the launcher-wide file; remove empties it; backups keep the old text", async () => {
  await withTempDir(async (dir) => {
    const global =
      "[General]\nConfigVersion=1.2\nInstanceDir=instances\nWindowGeometry=@ByteArray(AdnQywAD)\n";
    await buildMmc(dir, "prismlauncher.cfg", global, []);
    const { installs } = await discover({ env: {}, home: "/none", os: "linux", launcherDir: dir });
    const targets = [{ scope: "global" as const, install: installs[0] }];
    const plan = await planHooks(targets, opts("install"));
    const backups = await applyHookPlan(plan);
    assert.deepEqual(backups, [join(dir, "prismlauncher.cfg.instance-sync-backup")]);
    const text = await Deno.readTextFile(join(dir, "prismlauncher.cfg"));
    assert.ok(text.startsWith(global), text);
    const again = await discover({ env: {}, home: "/none", os: "linux", launcherDir: dir });
    // Installing again changes nothing, so the backup keeps the text from before instance-sync.
    const twice = await planHooks([{ scope: "global", install: again.installs[0] }], opts("install"));
    assert.deepEqual(twice.files, []);
    const removal = await planHooks([{ scope: "global", install: again.installs[0] }], opts("remove"));
    await applyHookPlan(removal);
    const cleared = CfgFile.parse(await Deno.readTextFile(join(dir, "prismlauncher.cfg")), "prism");
    assert.equal(cleared.get("PreLaunchCommand"), "");
    assert.equal(cleared.get("WindowGeometry"), "@ByteArray(AdnQywAD)");
  });
});

Deno.test("planHooks() on ATLauncher's global file turns commands on and keeps every other field", async () => {
  await withTempDir(async (dir) => {
    await buildAtlauncher(dir, { firstTimeRun: false, theme: "dark", enableCommands: false }, []);
    const { installs } = await discover({ env: {}, home: "/none", os: "linux", launcherDir: dir });
    const plan = await planHooks([{ scope: "global", install: installs[0] }], opts("install"));
    const json = JSON.parse(plan.files[0].after);
    assert.equal(json.enableCommands, true);
    assert.equal(json.theme, "dark");
    assert.deepEqual(posixSplit(json.postExitCommand).slice(0, 2), [...PROGRAM, "push"]);
  });
});

Deno.test("editJsonMembers() replaces and adds members, leaving every other byte", () => {
  const text =
    '{\n  "a": 1,\n  "launcher": {\n    "name": "x",\n    "keep": [1, {"b": "}"}]\n  },\n  "z": null\n}\n';
  const out = editJsonMembers(text, ["launcher"], { name: "y", added: true });
  assert.equal(
    out,
    '{\n  "a": 1,\n  "launcher": {\n    "name": "y",\n    "keep": [1, {"b": "}"}],\n    "added": true\n  },\n  "z": null\n}\n',
  );
  assert.equal(editJsonMembers('{"launcher": {}}', ["launcher"], { a: 1 }), '{"launcher": {\n  "a": 1\n}}');
});

Deno.test("assertLaunchersClosed() names a running launcher; ATLauncher is found by its jar", () => {
  const list = [
    { pid: 10, name: "bash" },
    { pid: 11, name: "java", commandLine: "java -jar /opt/ATLauncher/ATLauncher.jar" },
  ];
  assert.ok(isLauncherProcess("atlauncher", list[1]));
  assert.ok(!isLauncherProcess("prism", list[1]));
  assert.throws(() => assertLaunchersClosed(["atlauncher"], list), /ATLauncher is running \(process 11\)/);
  assert.doesNotThrow(() => assertLaunchersClosed(["prism", "multimc"], list));
  assert.ok(isLauncherProcess("prism", { pid: 1, name: "C:\\Apps\\PrismLauncher.exe" }));
});

Deno.test("resolveBinary() makes --binary absolute and refuses a missing file", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "instance-sync"), "");
    assert.equal(await resolveBinary("instance-sync", dir), join(dir, "instance-sync"));
    await assert.rejects(
      resolveBinary("nope", dir),
      new RegExp(`--binary "${dir}/nope" is not an existing file`),
    );
  });
});
