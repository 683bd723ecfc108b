/**
 * ATLauncher (docs/launchers.md): global `<base>/configs/ATLauncher.json` (`enableCommands`,
 * `preLaunchCommand`, `postExitCommand`), per instance `<base>/instances/<folder>/instance.json` whose
 * `launcher` object has the same keys, null meaning "as the launcher-wide setting". The instance folder
 * is the game folder. Commands run through `/bin/sh -c` on Linux and macOS.
 */
import { readTextOrNull } from "../fs/atomic.ts";
import { join } from "../fs/path.ts";
import { classifyHooks, fileExists } from "./hookState.ts";
import { readLastSync, readSyncState } from "./instanceState.ts";
import { sandboxSees } from "./flatpak.ts";
import { candidates, flatpakIdOf, pathOf } from "./locations.ts";
import type { DiscoveredInstance, LauncherInstall, LauncherModule } from "./types.ts";

export type Json = Record<string, unknown>;

/** Parses a JSON object, or null for a missing or malformed file (discovery lists, it does not judge). */
export async function readJsonObject(path: string): Promise<Json | null> {
  try {
    const value = JSON.parse(await readTextOrNull(path) ?? "null");
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

const str = (v: unknown) => typeof v === "string" ? v : undefined;

async function looksLike(dir: string): Promise<boolean> {
  const ok = (p: string) => Deno.stat(p).then(() => true, () => false);
  return await ok(join(dir, "configs", "ATLauncher.json")) || await ok(join(dir, "instances")) &&
      await ok(join(dir, "configs"));
}

/** The effective commands of an instance: the instance's value where it is not null, else the global one. */
export function effectiveCommands(instance: Json, global: Json) {
  const pick = (key: string) => instance[key] ?? global[key];
  const enabled = pick("enableCommands") === true;
  return {
    enabled,
    override: instance.enableCommands !== undefined && instance.enableCommands !== null,
    preLaunch: enabled ? str(pick("preLaunchCommand")) : undefined,
    postExit: enabled ? str(pick("postExitCommand")) : undefined,
  };
}

export const atlauncher: LauncherModule = {
  kind: "atlauncher",
  async installs(options) {
    const found: LauncherInstall[] = [];
    const list = options.launcherDir !== undefined
      ? [{
        dir: options.launcherDir,
        source: "--launcher-dir",
        flatpakId: flatpakIdOf(options.launcherDir, options.home),
      }]
      : candidates("atlauncher", options);
    for (const c of list) {
      if (found.some((f) => f.dataDir === c.dir) || !await looksLike(c.dir)) continue;
      found.push({
        kind: "atlauncher",
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
    const global = await readJsonObject(p.join(install.dataDir, "configs", "ATLauncher.json")) ?? {};
    const root = p.join(install.dataDir, "instances");
    const out: DiscoveredInstance[] = [];
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(root)];
    } catch {
      return [];
    }
    for (const entry of entries) {
      const instanceDir = p.join(root, entry.name);
      const json = await readJsonObject(p.join(instanceDir, "instance.json"));
      if (!json) continue;
      const launcher = (json.launcher && typeof json.launcher === "object" ? json.launcher : {}) as Json;
      const commands = effectiveCommands(launcher, global);
      const globalSet = global.enableCommands === true &&
        !!(str(global.preLaunchCommand)?.trim() || str(global.postExitCommand)?.trim());
      out.push({
        launcher: "atlauncher",
        install,
        name: str(launcher.name)?.trim() || entry.name,
        folderName: entry.name,
        instanceDir,
        gameDir: instanceDir,
        sync: await readSyncState(instanceDir),
        hooks: classifyHooks({
          preLaunch: commands.preLaunch,
          postExit: commands.postExit,
          source: launcher.preLaunchCommand != null || launcher.enableCommands != null
            ? "instance"
            : "global",
          hidesGlobal: commands.override && globalSet,
          splitter: "sh",
          exists: fileExists,
          visible: (f) => sandboxSees(install, f),
        }),
        lastSync: await readLastSync(instanceDir),
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  },
};
