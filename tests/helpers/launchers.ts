/** Launcher data folders built in temp folders, as each launcher lays them out (docs/launchers.md). */
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";

async function write(path: string, text: string): Promise<string> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, text);
  return path;
}

/** A Prism instance.cfg in Prism's current format (Qt INI with ConfigVersion=1.2). */
export function prismInstanceCfg(name: string, extra: Record<string, string> = {}): string {
  const keys = Object.entries({ ConfigVersion: "1.2", InstanceType: "OneSix", name, ...extra })
    .map(([k, v]) => `${k}=${v}\n`).join("");
  return `[General]\n${keys}`;
}

/** An instance.cfg in the older format (MultiMC, or a Prism instance not rewritten yet). */
export function oldInstanceCfg(name: string, extra: Record<string, string> = {}): string {
  return Object.entries({ InstanceType: "OneSix", name, ...extra }).map(([k, v]) => `${k}=${v}\n`).join("");
}

export interface InstanceSpec {
  folder: string;
  cfg: string;
  /** Game folder name to create (`minecraft`, `.minecraft`), or none. */
  game?: string;
  /** `.cloud-sync/<file>` contents inside the game folder. */
  cloudSync?: Record<string, string>;
}

/** A Prism or MultiMC data folder: the global file and instances. Returns the data folder. */
export async function buildMmc(
  dataDir: string,
  globalFile: "prismlauncher.cfg" | "multimc.cfg",
  globalText: string,
  instances: InstanceSpec[],
  instanceDir = "instances",
): Promise<string> {
  await write(join(dataDir, globalFile), globalText);
  const root = instanceDir.startsWith("/") ? instanceDir : join(dataDir, instanceDir);
  for (const i of instances) {
    await write(join(root, i.folder, "instance.cfg"), i.cfg);
    if (i.game) await Deno.mkdir(join(root, i.folder, i.game), { recursive: true });
    for (const [file, text] of Object.entries(i.cloudSync ?? {})) {
      await write(join(root, i.folder, i.game ?? "minecraft", ".cloud-sync", file), text);
    }
  }
  return dataDir;
}

/** An ATLauncher base folder with `configs/ATLauncher.json` and instances' `instance.json`. */
export async function buildAtlauncher(
  base: string,
  global: Record<string, unknown>,
  instances: { folder: string; launcher: Record<string, unknown>; extra?: Record<string, unknown> }[],
): Promise<string> {
  await write(join(base, "configs", "ATLauncher.json"), JSON.stringify(global, null, 2));
  for (const i of instances) {
    await write(
      join(base, "instances", i.folder, "instance.json"),
      JSON.stringify({ ...i.extra, launcher: i.launcher }, null, 2),
    );
  }
  return base;
}

/** A Modrinth App data folder with an `app.db` in the app's schema (the columns discovery reads and more). */
export async function buildModrinth(
  dataDir: string,
  settings: { hook_pre_launch?: string | null; hook_post_exit?: string | null },
  profiles: { path: string; name: string; pre?: string | null; post?: string | null }[],
): Promise<string> {
  await Deno.mkdir(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, "app.db"));
  try {
    db.exec(
      `CREATE TABLE settings (id INTEGER NOT NULL CHECK (id = 0), max_concurrent_downloads INTEGER NOT NULL,
      hook_pre_launch TEXT NULL, hook_wrapper TEXT NULL, hook_post_exit TEXT NULL, custom_dir TEXT NULL)`,
    );
    db.exec(
      `CREATE TABLE profiles (path TEXT NOT NULL PRIMARY KEY, install_stage TEXT NOT NULL, name TEXT NOT NULL,
      game_version TEXT NOT NULL, override_hook_pre_launch TEXT NULL, override_hook_wrapper TEXT NULL,
      override_hook_post_exit TEXT NULL)`,
    );
    db.prepare("INSERT INTO settings VALUES (0, 10, ?, NULL, ?, NULL)")
      .run(settings.hook_pre_launch ?? null, settings.hook_post_exit ?? null);
    for (const p of profiles) {
      db.prepare("INSERT INTO profiles VALUES (?, 'installed', ?, '1.21.1', ?, NULL, ?)")
        .run(p.path, p.name, p.pre ?? null, p.post ?? null);
      await Deno.mkdir(join(dataDir, "profiles", p.path), { recursive: true });
    }
  } finally {
    db.close();
  }
  return dataDir;
}

export const SYNC_JSON = JSON.stringify({
  instance_id: "01J9ZQ6V7W8X9Y0Z1A2B3C4D5E",
  url: "/tmp/repos",
  label: "Survival",
});
export const STATE_JSON = JSON.stringify({
  version: 1,
  base: { id: "abcdef12", time: "2026-12-01T10:00:00.000Z", host: "pc" },
  baseManifest: [],
  known: [],
  pending: null,
});
