import assert from "node:assert/strict";
import { join } from "node:path";
import { discover } from "../../../core/launchers/discover.ts";
import { candidates } from "../../../core/launchers/locations.ts";
import type { DiscoveryOptions } from "../../../core/launchers/types.ts";
import { withTempDir } from "../../helpers/tmp.ts";
import {
  buildAtlauncher,
  buildMmc,
  buildModrinth,
  oldInstanceCfg,
  prismInstanceCfg,
  STATE_JSON,
  SYNC_JSON,
} from "../../helpers/launchers.ts";

const linux = (home: string, env: Record<string, string> = {}): DiscoveryOptions => ({
  env,
  home,
  os: "linux",
});

Deno.test("discover() finds a native Prism install with synced, paused and plain instances", async () => {
  await withTempDir(async (home) => {
    const data = join(home, ".local/share/PrismLauncher");
    await buildMmc(data, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\nInstanceDir=instances\n", [
      {
        folder: "surv",
        cfg: prismInstanceCfg("Survival World"),
        game: "minecraft",
        cloudSync: { "sync.json": SYNC_JSON, "state.json": STATE_JSON },
      },
      {
        folder: "paused",
        cfg: prismInstanceCfg("Paused"),
        game: "minecraft",
        cloudSync: { "sync.json.disabled": SYNC_JSON },
      },
      { folder: "plain", cfg: prismInstanceCfg("Plain"), game: ".minecraft" },
    ]);
    const { installs, instances } = await discover(linux(home));
    assert.deepEqual(installs.map((i) => [i.kind, i.dataDir, i.flatpak, i.source]), [
      ["prism", data, false, "default"],
    ]);
    const byName = Object.fromEntries(instances.map((i) => [i.name, i]));
    assert.deepEqual(Object.keys(byName), ["Paused", "Plain", "Survival World"]);
    assert.equal(byName["Survival World"].gameDir, join(data, "instances/surv/minecraft"));
    assert.deepEqual(byName["Survival World"].sync, {
      state: "on",
      instanceId: "01J9ZQ6V7W8X9Y0Z1A2B3C4D5E",
      label: "Survival",
    });
    assert.equal(byName["Survival World"].lastSync, "2026-12-01T10:00:00.000Z");
    assert.equal(byName.Paused.sync.state, "paused");
    assert.equal(byName.Paused.lastSync, null);
    // Only `.minecraft` exists: Prism falls back to it.
    assert.equal(byName.Plain.gameDir, join(data, "instances/plain/.minecraft"));
    assert.deepEqual(byName.Plain.sync, { state: "off" });
    assert.equal(byName.Plain.hooks.state, "none");
  });
});

Deno.test("discover() reads a Flatpak Prism, $PRISMLAUNCHER_DATA_DIR and an absolute InstanceDir", async () => {
  await withTempDir(async (home) => {
    const flat = join(home, ".var/app/org.prismlauncher.PrismLauncher/data/PrismLauncher");
    await buildMmc(flat, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
      { folder: "a", cfg: prismInstanceCfg("Flat One"), game: "minecraft" },
    ]);
    const custom = join(home, "custom");
    const elsewhere = join(home, "elsewhere");
    await buildMmc(custom, "prismlauncher.cfg", `[General]\nConfigVersion=1.2\nInstanceDir=${elsewhere}\n`, [
      { folder: "b", cfg: prismInstanceCfg("Elsewhere"), game: "minecraft" },
    ], elsewhere);
    const { installs, instances } = await discover({ ...linux(home, { PRISMLAUNCHER_DATA_DIR: custom }) });
    assert.deepEqual(installs.map((i) => [i.dataDir, i.flatpak, i.flatpakId, i.source]), [
      [custom, false, undefined, "$PRISMLAUNCHER_DATA_DIR"],
      [flat, true, "org.prismlauncher.PrismLauncher", "flatpak"],
    ]);
    assert.deepEqual(instances.map((i) => [i.name, i.instanceDir]), [
      ["Elsewhere", join(elsewhere, "b")],
      ["Flat One", join(flat, "instances/a")],
    ]);
  });
});

Deno.test("discover() keeps a Flatpak's folders Flatpak when $XDG_DATA_HOME points into them", async () => {
  await withTempDir(async (home) => {
    // A command run on a Flatpak instance (and the sandbox itself) has $XDG_DATA_HOME in ~/.var/app/<id>/.
    const app = join(home, ".var/app/org.prismlauncher.PrismLauncher");
    const flat = join(app, "data/PrismLauncher");
    await buildMmc(flat, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
      { folder: "a", cfg: prismInstanceCfg("Flat One"), game: "minecraft" },
    ]);
    const { installs, instances } = await discover(linux(home, { XDG_DATA_HOME: join(app, "data") }));
    assert.deepEqual(installs.map((i) => [i.dataDir, i.flatpak, i.flatpakId, i.source]), [
      [flat, true, "org.prismlauncher.PrismLauncher", "flatpak"],
    ]);
    assert.deepEqual(instances.map((i) => [i.name, i.install.flatpak]), [["Flat One", true]]);
  });
});

Deno.test("discover() calls a Flatpak's hooks broken when they name a program outside its sandbox", async () => {
  await withTempDir(async (home) => {
    const flat = join(home, ".var/app/org.prismlauncher.PrismLauncher/data/PrismLauncher");
    const hostBin = join(home, ".local/bin/instance-sync");
    const copy = join(flat, "instance-sync/instance-sync");
    for (const bin of [hostBin, copy]) {
      await Deno.mkdir(join(bin, ".."), { recursive: true });
      await Deno.writeTextFile(bin, "#!/bin/sh\n", { mode: 0o755 });
    }
    const hooks = (bin: string) => ({
      OverrideCommands: "true",
      PreLaunchCommand: `${bin} pull`,
      PostExitCommand: `${bin} push`,
    });
    await buildMmc(flat, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
      { folder: "host", cfg: prismInstanceCfg("Host Binary", hooks(hostBin)), game: "minecraft" },
      { folder: "copy", cfg: prismInstanceCfg("Sandbox Copy", hooks(copy)), game: "minecraft" },
    ]);
    const { instances } = await discover(linux(home));
    assert.deepEqual(instances.map((i) => [i.name, i.hooks.state]), [
      ["Host Binary", "broken"],
      ["Sandbox Copy", "instance"],
    ]);
    assert.match(
      instances[0].hooks.detail ?? "",
      /\.local\/bin\/instance-sync", which the launcher's Flatpak sandbox cannot see/,
    );
  });
});

Deno.test("discover() reads a portable Prism's UserData through --launcher-dir", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "portable.txt"), "");
    await buildMmc(join(dir, "UserData"), "prismlauncher.cfg", "[General]\nConfigVersion=1.2\n", [
      { folder: "p", cfg: prismInstanceCfg("Portable Pack"), game: "minecraft" },
    ]);
    const { installs, instances } = await discover({ ...linux("/nonexistent"), launcherDir: dir });
    assert.deepEqual(installs.map((i) => [i.kind, i.dataDir, i.source]), [[
      "prism",
      join(dir, "UserData"),
      "portable",
    ]]);
    assert.deepEqual(instances.map((i) => i.name), ["Portable Pack"]);
  });
});

Deno.test("discover() reads a MultiMC folder in the older format and prefers .minecraft", async () => {
  await withTempDir(async (dir) => {
    await buildMmc(dir, "multimc.cfg", "InstanceDir=instances\nPreLaunchCommand=\n", [
      { folder: "m", cfg: oldInstanceCfg("Old \\# Pack"), game: ".minecraft" },
      { folder: "n", cfg: oldInstanceCfg("Only Minecraft"), game: "minecraft" },
    ]);
    await Deno.mkdir(join(dir, "instances/m/minecraft"));
    const { instances } = await discover({ ...linux("/nonexistent"), launcher: "multimc", launcherDir: dir });
    assert.deepEqual(instances.map((i) => [i.launcher, i.name, i.gameDir]), [
      ["multimc", "Old # Pack", join(dir, "instances/m/.minecraft")],
      ["multimc", "Only Minecraft", join(dir, "instances/n/minecraft")],
    ]);
  });
});

Deno.test("discover() classifies hooks: global, instance, off, foreign and broken", async () => {
  await withTempDir(async (dir) => {
    const bin = join(dir, "bin", "instance-sync");
    await Deno.mkdir(join(dir, "bin"));
    await Deno.writeTextFile(bin, "");
    const pull = `"${bin}" pull "--pack-folder=$INST_MC_DIR"`;
    const push = `"${bin}" push "--pack-folder=$INST_MC_DIR"`;
    await buildMmc(
      dir,
      "prismlauncher.cfg",
      `[General]\nConfigVersion=1.2\nPreLaunchCommand=${pull.replaceAll('"', '\\"')}\nPostExitCommand=${
        push.replaceAll('"', '\\"')
      }\n`,
      [
        { folder: "1", cfg: prismInstanceCfg("Global"), game: "minecraft" },
        { folder: "2", cfg: prismInstanceCfg("Off", { OverrideCommands: "true" }), game: "minecraft" },
        {
          folder: "3",
          cfg: prismInstanceCfg("Foreign", {
            OverrideCommands: "true",
            PreLaunchCommand: "packwiz-bootstrap",
          }),
          game: "minecraft",
        },
        {
          folder: "4",
          cfg: prismInstanceCfg("Missing", {
            OverrideCommands: "true",
            PreLaunchCommand: "/gone/instance-sync pull",
            PostExitCommand: "/gone/instance-sync push",
          }),
          game: "minecraft",
        },
        {
          folder: "5",
          cfg: prismInstanceCfg("Half", { OverrideCommands: "true", PreLaunchCommand: `${bin} pull` }),
          game: "minecraft",
        },
        {
          folder: "6",
          cfg: prismInstanceCfg("Own", {
            OverrideCommands: "true",
            PreLaunchCommand: `${bin} pull`,
            PostExitCommand: `${bin} push`,
          }),
          game: "minecraft",
        },
        {
          folder: "7",
          // An override that is off leaves the instance's stale copies meaningless (Prism copies them in).
          cfg: prismInstanceCfg("Stale", { OverrideCommands: "false", PreLaunchCommand: "something-else" }),
          game: "minecraft",
        },
      ],
    );
    const { instances } = await discover({ ...linux("/nonexistent"), launcherDir: dir });
    const states = Object.fromEntries(instances.map((i) => [i.name, [i.hooks.state, i.hooks.detail]]));
    assert.deepEqual(states, {
      Global: ["global", undefined],
      Off: ["off", undefined],
      Foreign: ["foreign", `runs someone else's command: "packwiz-bootstrap"`],
      Missing: ["broken", `names "/gone/instance-sync", which does not exist`],
      Half: ["broken", "the post-exit command does not run `instance-sync push`"],
      Own: ["instance", undefined],
      Stale: ["global", undefined],
    });
    assert.equal(instances.find((i) => i.name === "Global")!.hooks.preLaunch, pull);
  });
});

Deno.test("discover() reads ATLauncher instances: the instance folder is the game folder", async () => {
  await withTempDir(async (dir) => {
    await buildAtlauncher(dir, { enableCommands: true, preLaunchCommand: "echo hi" }, [
      { folder: "VanillaMinecraft", launcher: { name: "Vanilla Minecraft", enableCommands: null } },
      { folder: "Other", launcher: { name: "Other", enableCommands: false } },
    ]);
    const { installs, instances } = await discover({ ...linux("/nonexistent"), launcherDir: dir });
    assert.deepEqual(installs.map((i) => i.kind), ["atlauncher"]);
    assert.deepEqual(instances.map((i) => [i.name, i.gameDir, i.hooks.state]), [
      ["Other", join(dir, "instances/Other"), "off"],
      ["Vanilla Minecraft", join(dir, "instances/VanillaMinecraft"), "foreign"],
    ]);
  });
});

Deno.test("discover() reads a Modrinth App database: profiles and their hook overrides", async () => {
  await withTempDir(async (dir) => {
    await buildModrinth(dir, { hook_pre_launch: "echo global" }, [
      { path: "fabric-1", name: "Fabric Pack" },
      { path: "own", name: "Own Hooks", pre: "/gone/instance-sync pull", post: "/gone/instance-sync push" },
    ]);
    const { instances } = await discover({ ...linux("/nonexistent"), launcherDir: dir });
    assert.deepEqual(instances.map((i) => [i.launcher, i.name, i.gameDir, i.hooks.state]), [
      ["modrinth", "Fabric Pack", join(dir, "profiles/fabric-1"), "foreign"],
      ["modrinth", "Own Hooks", join(dir, "profiles/own"), "broken"],
    ]);
  });
});

Deno.test("discover() refuses a --launcher-dir that holds no launcher data", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      discover({ ...linux("/nonexistent"), launcherDir: dir }),
      (e: Error & { exitCode?: number }) => e.exitCode === 2 && e.message.includes(`"${dir}"`),
    );
  });
});

Deno.test("candidates() builds the Windows and macOS data folders", () => {
  const win = candidates("prism", {
    env: { APPDATA: "C:\\Users\\Ann\\AppData\\Roaming" },
    home: "C:\\Users\\Ann",
    os: "windows",
  });
  assert.equal(win[0].dir, "C:\\Users\\Ann\\AppData\\Roaming\\PrismLauncher");
  const mac = candidates("prism", { env: {}, home: "/Users/ann", os: "darwin" });
  assert.equal(mac[0].dir, "/Users/ann/Library/Application Support/PrismLauncher");
  const macMmc = candidates("multimc", { env: {}, home: "/Users/ann", os: "darwin" });
  assert.ok(macMmc.some((c) => c.dir === "/Applications/MultiMC.app/Data"));
  const winAt = candidates("atlauncher", { env: {}, home: "C:\\Users\\Ann", os: "windows" });
  assert.equal(winAt[0].dir, "C:\\Users\\Ann\\AppData\\Roaming\\ATLauncher");
  const linuxModrinth = candidates("modrinth", {
    env: { XDG_DATA_HOME: "/x" },
    home: "/home/a",
    os: "linux",
  });
  assert.deepEqual(linuxModrinth.map((c) => c.dir), [
    "/x/ModrinthApp",
    "/x/com.modrinth.theseus",
    "/home/a/.var/app/com.modrinth.ModrinthApp/data/ModrinthApp",
  ]);
});
