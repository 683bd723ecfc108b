/**
 * The player's view of history: per world instead of per snapshot. `history --world` and the terminal
 * browser both read from here.
 */
import { worldPrints } from "../worlds/changes.ts";
import { resolveWorld } from "../worlds/resolve.ts";
import type { WorldRecord } from "../worlds/tags.ts";
import { listWorlds } from "../worlds/worlds.ts";
import { type HistoryEntry, historyOf } from "./info.ts";
import { Instance } from "./instance.ts";
import { scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";

/** One snapshot in a world's timeline: the snapshot's markers plus what it did to that world. */
export type WorldVersion = Omit<HistoryEntry, "worlds"> & Omit<WorldRecord, "folder">;

/** A world as the browser's first screen lists it. */
export interface WorldSummary {
  /** "saves/<name>". */
  folder: string;
  /** The in-game name (level.dat), else the folder name. */
  name: string;
  /** On this computer: level.dat's last played (ms); else the newest one history knows. */
  lastPlayed: number | null;
  /** Bytes on this computer; null when the world is not here (deleted, or only in the cloud). */
  bytes: number | null;
  /** Snapshots that changed it. */
  versions: number;
}

/** The snapshots that added, changed or removed `folder`, newest first (entries are newest first). */
export function worldVersions(entries: readonly HistoryEntry[], folder: string): WorldVersion[] {
  const out: WorldVersion[] = [];
  for (const { worlds, ...entry } of entries) {
    const record = worlds.find((w) => w.folder === folder);
    if (!record) continue;
    const { folder: _folder, ...change } = record;
    out.push({ ...entry, ...change });
  }
  return out;
}

/** The worlds on this computer and in history, by name, with their sizes and last played times. */
export async function worldSummaries(
  inst: Instance,
  entries: readonly HistoryEntry[],
): Promise<WorldSummary[]> {
  const local = await listWorlds(inst.packFolder);
  const prints = worldPrints(await scanManifest(inst.packFolder, inst.scope));
  const folders = new Set([
    ...local.map((w) => w.folder),
    ...entries.flatMap((e) => e.worlds.map((w) => w.folder)),
  ]);
  const out: WorldSummary[] = [];
  for (const folder of folders) {
    const here = local.find((w) => w.folder === folder);
    const versions = worldVersions(entries, folder);
    const lastKnown = versions.find((v) => v.lastPlayed !== undefined)?.lastPlayed ?? null;
    out.push({
      folder,
      name: here?.info?.levelName ?? folder.slice("saves/".length),
      lastPlayed: here?.info?.lastPlayed || lastKnown,
      bytes: here ? prints[folder]?.bytes ?? 0 : null,
      versions: versions.length,
    });
  }
  // Most recently played first: the world the player is looking for is usually the one they play.
  return out.sort((a, b) => (b.lastPlayed ?? 0) - (a.lastPlayed ?? 0) || a.name.localeCompare(b.name));
}

/** What `history --world` prints. */
export interface WorldHistory {
  folder: string;
  versions: WorldVersion[];
}

/** The timeline of one world, named by folder or in-game name; null when the folder is not opted in. */
export async function worldHistory(options: SyncOptions, world: string): Promise<WorldHistory | null> {
  const inst = await Instance.open(options);
  if (!inst) return null;
  const entries = await historyOf(inst);
  const folder = resolveWorld(
    world,
    entries.flatMap((e) => e.worlds.map((w) => w.folder)),
    await listWorlds(inst.packFolder),
  );
  return { folder, versions: worldVersions(entries, folder) };
}

/** Everything the history browser shows, read once before it opens. */
export interface BrowserData {
  instanceLabel: string;
  worlds: WorldSummary[];
  /** folder → its versions, newest first. */
  timelines: Record<string, WorldVersion[]>;
}

/** Reads the worlds and their timelines for the browser; null when the folder is not opted in. */
export async function browserData(options: SyncOptions): Promise<BrowserData | null> {
  const inst = await Instance.open(options);
  if (!inst) return null;
  const entries = await historyOf(inst);
  const worlds = await worldSummaries(inst, entries);
  const timelines: Record<string, WorldVersion[]> = {};
  for (const w of worlds) timelines[w.folder] = worldVersions(entries, w.folder);
  return { instanceLabel: inst.label, worlds, timelines };
}
