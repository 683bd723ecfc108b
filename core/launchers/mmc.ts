/**
 * Discovery for Prism Launcher and MultiMC, which share their layout (docs/launchers.md): a global
 * `prismlauncher.cfg`/`multimc.cfg` naming `InstanceDir`, and per instance `<InstanceDir>/<folder>/
 * instance.cfg` whose commands count only while `OverrideCommands=true`.
 */
import { readConfigText, readTextOrNull } from "../fs/atomic.ts";
import { join } from "../fs/path.ts";
import { CfgFile } from "./cfgFile.ts";
import { classifyHooks, fileExists } from "./hookState.ts";
import { readLastSync, readSyncState } from "./instanceState.ts";
import { sandboxSees } from "./flatpak.ts";
import { candidates, flatpakIdOf, pathOf } from "./locations.ts";
import type { DiscoveredInstance, DiscoveryOptions, LauncherInstall, LauncherModule } from "./types.ts";

export type MmcKind = "prism" | "multimc";

/** The keys of the commands, each with its older aliases (the first one set wins). */
export const KEYS = {
  override: ["OverrideCommands", "OverrideLaunchCmd"],
  preLaunch: ["PreLaunchCommand", "PreLaunchCmd"],
  postExit: ["PostExitCommand", "PostExitCmd"],
} as const;

export const GLOBAL_FILE: Record<MmcKind, string> = { prism: "prismlauncher.cfg", multimc: "multimc.cfg" };
export const LAUNCHER_NAME: Record<MmcKind, string> = { prism: "Prism Launcher", multimc: "MultiMC" };

async function isDir(path: string): Promise<boolean> {
  return await Deno.stat(path).then((i) => i.isDirectory, () => false);
}

async function looksLike(kind: MmcKind, dir: string): Promise<boolean> {
  return await fileExistsAsync(join(dir, GLOBAL_FILE[kind]));
}

async function fileExistsAsync(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** A Prism or MultiMC install named by `--launcher-dir` (a portable Prism keeps its data in `UserData`). */
async function givenInstall(
  kind: MmcKind,
  dir: string,
  options: DiscoveryOptions,
): Promise<LauncherInstall | null> {
  const p = pathOf(options.os);
  let dataDir = dir;
  let source = "--launcher-dir";
  if (kind === "prism" && await fileExistsAsync(p.join(dir, "portable.txt"))) {
    source = "portable";
    if (await isDir(p.join(dir, "UserData"))) dataDir = p.join(dir, "UserData");
  }
  if (!await looksLike(kind, dataDir)) return null;
  const flatpakId = flatpakIdOf(dataDir, options.home);
  return { kind, dataDir, flatpak: !!flatpakId, ...(flatpakId ? { flatpakId } : {}), source };
}

/** Reads the global file of an install ("" when it has none yet). */
export async function readGlobalCfg(kind: MmcKind, install: LauncherInstall, os: DiscoveryOptions["os"]) {
  const file = pathOf(os).join(install.dataDir, GLOBAL_FILE[kind]);
  return { file, cfg: CfgFile.parse(await readConfigText(file) ?? "", kind) };
}

/** The instances folder: `InstanceDir` (relative to the data folder, or absolute), default `instances`. */
export function instancesDir(global: CfgFile, install: LauncherInstall, os: DiscoveryOptions["os"]): string {
  const p = pathOf(os);
  const dir = global.get("InstanceDir")?.trim() || "instances";
  return p.isAbsolute(dir) ? dir : p.join(install.dataDir, dir);
}

/** Prism ≥ 9 prefers `minecraft`, MultiMC `.minecraft`; each takes the other when only that exists. */
export async function gameDirOf(kind: MmcKind, instanceDir: string, os: DiscoveryOptions["os"]) {
  const p = pathOf(os);
  const [first, second] = kind === "prism" ? ["minecraft", ".minecraft"] : [".minecraft", "minecraft"];
  if (!await isDir(p.join(instanceDir, first)) && await isDir(p.join(instanceDir, second))) {
    return p.join(instanceDir, second);
  }
  return p.join(instanceDir, first);
}

export function mmcModule(kind: MmcKind): LauncherModule {
  return {
    kind,
    async installs(options) {
      if (options.launcherDir !== undefined) {
        const given = await givenInstall(kind, options.launcherDir, options);
        return given ? [given] : [];
      }
      const found: LauncherInstall[] = [];
      for (const c of candidates(kind, options)) {
        if (found.some((f) => f.dataDir === c.dir) || !await looksLike(kind, c.dir)) continue;
        found.push({
          kind,
          dataDir: c.dir,
          flatpak: !!c.flatpakId,
          ...(c.flatpakId ? { flatpakId: c.flatpakId } : {}),
          source: c.source,
        });
      }
      return found;
    },
    async instances(install, options) {
      const p = pathOf(options.os);
      const { cfg: global } = await readGlobalCfg(kind, install, options.os);
      const root = instancesDir(global, install, options.os);
      const globalPre = global.getAny(KEYS.preLaunch) ?? "";
      const globalPost = global.getAny(KEYS.postExit) ?? "";
      const out: DiscoveredInstance[] = [];
      let entries: Deno.DirEntry[];
      try {
        entries = [...Deno.readDirSync(root)];
      } catch {
        return [];
      }
      for (const entry of entries) {
        const instanceDir = p.join(root, entry.name);
        const text = await readTextOrNull(p.join(instanceDir, "instance.cfg")).catch(() => null);
        if (text === null) continue;
        const cfg = CfgFile.parse(text, kind);
        const override = cfg.getAny(KEYS.override)?.trim().toLowerCase() === "true";
        const gameDir = await gameDirOf(kind, instanceDir, options.os);
        out.push({
          launcher: kind,
          install,
          name: cfg.get("name")?.trim() || entry.name,
          folderName: entry.name,
          instanceDir,
          gameDir,
          sync: await readSyncState(gameDir),
          hooks: classifyHooks({
            preLaunch: override ? cfg.getAny(KEYS.preLaunch) : globalPre,
            postExit: override ? cfg.getAny(KEYS.postExit) : globalPost,
            source: override ? "instance" : "global",
            hidesGlobal: override && !!(globalPre.trim() || globalPost.trim()),
            splitter: "qt",
            exists: fileExists,
            visible: (f) => sandboxSees(install, f),
          }),
          lastSync: await readLastSync(gameDir),
        });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
