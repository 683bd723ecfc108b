/**
 * The per-world conflict view: for each world that changed on either side since the base, its name and
 * each side's last played time, game version and change size, read from the worlds' level.dat files.
 */
import { join } from "../fs/path.ts";
import type { Manifest } from "../sync/state.ts";
import { type LevelInfo, readLevelDat } from "./levelDat.ts";
import { groupByWorld, OTHER_FILES } from "./worlds.ts";

/** Paths added, changed and removed on one side since the base (a `ManifestDiff`). */
export interface PathChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** One side's version of a changed world. */
export interface WorldSide {
  /** `LastPlayed` of that side's level.dat (ms epoch); null when it cannot be read or was removed. */
  lastPlayed: number | null;
  versionName?: string;
  dataVersion?: number;
  /** Files added, changed or removed in this world on this side. */
  changedFiles: number;
  /** Bytes of the added and changed files, when that side's manifest was given. */
  bytes?: number;
  /** The side removed the world's level.dat: the world is deleted there. */
  deleted: boolean;
}

export interface WorldChange {
  /** "saves/<name>". */
  folder: string;
  /** The level name (local first, then cloud), else the folder name. */
  name: string;
  /** null: unchanged on this computer. */
  local: WorldSide | null;
  /** null: unchanged in the cloud. */
  cloud: WorldSide | null;
  /** Set when taking the cloud side would open a world saved by a newer game than this computer's. */
  warning?: string;
}

export interface DescribeOptions {
  /** This computer's manifest now, for `bytes`. */
  localManifest?: Manifest;
  /** The cloud head's manifest, for `bytes`. */
  cloudManifest?: Manifest;
}

/**
 * Describes, per world folder, what changed locally (`local`, read from `localPack`) and in the cloud
 * (`cloud`; `cloudLevel(folder)` returns that world's level.dat in the cloud head, e.g. via `restic dump`,
 * and is called only for worlds the cloud changed). Sorted by folder; files outside worlds are left out
 * (see `groupByWorld` for those).
 */
export async function describeWorlds(
  localPack: string,
  local: PathChanges,
  cloud: PathChanges,
  cloudLevel: (folder: string) => Promise<LevelInfo | null>,
  opts: DescribeOptions = {},
): Promise<WorldChange[]> {
  const localByWorld = byWorld(local);
  const cloudByWorld = byWorld(cloud);
  const folders = [...new Set([...localByWorld.keys(), ...cloudByWorld.keys()])].sort();
  return await Promise.all(folders.map(async (folder): Promise<WorldChange> => {
    const localInfo = await readLevelDat(join(localPack, folder, "level.dat"));
    const cloudPaths = cloudByWorld.get(folder);
    const cloudInfo = cloudPaths ? await cloudLevel(folder).catch(() => null) : null;
    const localPaths = localByWorld.get(folder);
    const change: WorldChange = {
      folder,
      name: localInfo?.levelName ?? cloudInfo?.levelName ?? folder.slice("saves/".length),
      local: localPaths ? side(folder, localPaths, local, localInfo, opts.localManifest) : null,
      cloud: cloudPaths ? side(folder, cloudPaths, cloud, cloudInfo, opts.cloudManifest) : null,
    };
    const warning = change.cloud && !change.cloud.deleted ? newerVersionWarning(localInfo, cloudInfo) : null;
    if (warning) change.warning = `"${change.name}": ${warning}`;
    return change;
  }));
}

/**
 * A warning when the cloud's copy of a world was last saved by a newer Minecraft than the local copy
 * (compared by data version); null otherwise or when either version is unknown.
 */
export function newerVersionWarning(local: LevelInfo | null, cloud: LevelInfo | null): string | null {
  if (local?.dataVersion === undefined || cloud?.dataVersion === undefined) return null;
  if (cloud.dataVersion <= local.dataVersion) return null;
  const name = (info: LevelInfo) => info.versionName ?? `data version ${info.dataVersion}`;
  return `the cloud copy was last saved by Minecraft ${name(cloud)}, newer than this computer's ` +
    `${name(local)}; opening it in an older version can damage the world`;
}

function byWorld(changes: PathChanges): Map<string, string[]> {
  const groups = groupByWorld([...changes.added, ...changes.changed, ...changes.removed]);
  groups.delete(OTHER_FILES);
  return groups;
}

function side(
  folder: string,
  paths: string[],
  changes: PathChanges,
  info: LevelInfo | null,
  manifest?: Manifest,
): WorldSide {
  const deleted = changes.removed.includes(`${folder}/level.dat`);
  const out: WorldSide = {
    lastPlayed: deleted ? null : info?.lastPlayed ?? null,
    versionName: deleted ? undefined : info?.versionName,
    dataVersion: deleted ? undefined : info?.dataVersion,
    changedFiles: paths.length,
    deleted,
  };
  if (manifest) {
    const removed = new Set(changes.removed);
    out.bytes = paths.filter((p) => !removed.has(p)).reduce((sum, p) => sum + (manifest[p]?.[0] ?? 0), 0);
  }
  return out;
}
