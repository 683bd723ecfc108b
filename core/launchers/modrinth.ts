/**
 * Modrinth App (docs/launchers.md): an SQLite `app.db` in its data folder. Launcher-wide hooks are in table
 * `settings` (`hook_pre_launch`, `hook_post_exit`); a profile's own hooks are in `profiles`
 * (`override_hook_pre_launch`, `override_hook_post_exit`, null meaning "the launcher-wide one"); a
 * profile's folder is `<custom_dir or data folder>/profiles/<path>` and is its game folder. Read only:
 * instance-sync never writes the database (the Modrinth App owns it); `hooks` prints what to paste.
 * Columns are looked up by name, so older and newer schemas both read.
 */
import { join } from "../fs/path.ts";
import { classifyHooks, fileExists } from "./hookState.ts";
import { readLastSync, readSyncState } from "./instanceState.ts";
import { candidates, flatpakIdOf, pathOf } from "./locations.ts";
import type { DiscoveredInstance, LauncherInstall, LauncherModule } from "./types.ts";

type Row = Record<string, unknown>;

const str = (v: unknown) => typeof v === "string" ? v : undefined;

async function hasDb(dir: string): Promise<boolean> {
  return await Deno.stat(join(dir, "app.db")).then((i) => i.isFile, () => false);
}

/** The rows of `table` (only `columns` that exist in this schema), or [] when the table is missing. */
function rows(db: { prepare(sql: string): { all(): unknown[] } }, table: string, columns: string[]): Row[] {
  const have = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Row[]).map((r) => String(r.name)));
  const wanted = columns.filter((c) => have.has(c));
  if (wanted.length === 0) return [];
  return db.prepare(`SELECT ${wanted.map((c) => `"${c}"`).join(", ")} FROM ${table}`).all() as Row[];
}

/** Reads the settings row and the profiles from `app.db` (node:sqlite is loaded only here). */
export async function readModrinthDb(file: string): Promise<{ settings: Row; profiles: Row[] }> {
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const settings = rows(db, "settings", ["hook_pre_launch", "hook_post_exit", "custom_dir"])[0] ?? {};
    const profiles = rows(db, "profiles", [
      "path",
      "name",
      "override_hook_pre_launch",
      "override_hook_post_exit",
    ]);
    return { settings, profiles };
  } finally {
    db.close();
  }
}

export const modrinth: LauncherModule = {
  kind: "modrinth",
  async installs(options) {
    const list = options.launcherDir !== undefined
      ? [{
        dir: options.launcherDir,
        source: "--launcher-dir",
        flatpakId: flatpakIdOf(options.launcherDir, options.home),
      }]
      : candidates("modrinth", options);
    const found: LauncherInstall[] = [];
    for (const c of list) {
      if (found.some((f) => f.dataDir === c.dir) || !await hasDb(c.dir)) continue;
      found.push({
        kind: "modrinth",
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
    let db;
    try {
      db = await readModrinthDb(p.join(install.dataDir, "app.db"));
    } catch {
      return []; // locked by a migration, or not a database: nothing to list
    }
    const root = p.join(str(db.settings.custom_dir)?.trim() || install.dataDir, "profiles");
    const globalPre = str(db.settings.hook_pre_launch);
    const globalPost = str(db.settings.hook_post_exit);
    const out: DiscoveredInstance[] = [];
    for (const row of db.profiles) {
      const folder = str(row.path);
      if (!folder) continue;
      const gameDir = p.join(root, folder);
      const ownPre = str(row.override_hook_pre_launch);
      const ownPost = str(row.override_hook_post_exit);
      const own = ownPre !== undefined || ownPost !== undefined;
      out.push({
        launcher: "modrinth",
        install,
        name: str(row.name)?.trim() || folder,
        folderName: folder,
        instanceDir: gameDir,
        gameDir,
        sync: await readSyncState(gameDir),
        hooks: classifyHooks({
          preLaunch: ownPre ?? globalPre,
          postExit: ownPost ?? globalPost,
          source: own ? "instance" : "global",
          hidesGlobal: own && !!(globalPre?.trim() || globalPost?.trim()),
          splitter: "posix",
          exists: fileExists,
        }),
        lastSync: await readLastSync(gameDir),
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  },
};
