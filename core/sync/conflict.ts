import { dirname, join } from "../fs/path.ts";
import { IntegrityError } from "../repo/errors.ts";
import { labelOf } from "./history.ts";
import type { Instance } from "./instance.ts";
import { diffManifests, manifestBytes, type ManifestDiff } from "./manifest.ts";
import type { Manifest, State } from "./state.ts";
import type { ConflictDescription, SnapshotInfo } from "../ui.ts";
import type { Snapshot } from "../restic/driver.ts";
import { describeWorlds } from "../worlds/describe.ts";
import { type LevelInfo, readLevelDat } from "../worlds/levelDat.ts";
import { worldOf } from "../worlds/worlds.ts";

export function snapshotInfo(s: Snapshot): SnapshotInfo {
  return { id: s.id, shortId: s.id.slice(0, 8), time: s.time, host: s.host, label: labelOf(s) };
}

/**
 * The manifest of a snapshot, from its listing (in-process, or `restic ls`; files only; mtimes in
 * milliseconds like a local scan).
 */
export async function snapshotManifest(inst: Instance, id: string): Promise<Manifest> {
  const entries = await inst.snapshotEntries(id);
  const m: Manifest = {};
  for (const e of entries) {
    if (e.type === "dir") continue;
    m[e.path] = [e.size ?? 0, Math.floor(Date.parse(e.mtime))];
  }
  return m;
}

/**
 * Reads the cloud's level.dat of the given worlds: in-process when the reader can, else with one
 * `restic restore --include` into a temp folder (one key derivation instead of one `restic dump` per
 * world). Either way the files land in the temp folder, where readLevelDat reads them. Details that
 * cannot be read are only a warning, but a file that fails authentication is an error.
 */
async function cloudLevels(
  inst: Instance,
  id: string,
  worlds: string[],
): Promise<Map<string, LevelInfo | null>> {
  const result = new Map<string, LevelInfo | null>();
  if (worlds.length === 0) return result;
  const tmp = await Deno.makeTempDir({ prefix: "instance-sync-level-" });
  try {
    const paths = worlds.map((w) => `${w}/level.dat`);
    const read = await inst.snapshotFileBytes(id, paths);
    if (read) {
      for (const [path, bytes] of read) {
        if (!bytes) continue;
        await Deno.mkdir(dirname(join(tmp, path)), { recursive: true });
        await Deno.writeFile(join(tmp, path), bytes);
      }
    } else {
      await (await inst.getRestic()).restore(id, { target: tmp, include: paths });
    }
    for (const w of worlds) result.set(w, await readLevelDat(join(tmp, w, "level.dat")));
  } catch (e) {
    if (e instanceof IntegrityError) throw e;
    inst.reporter.warn(`Could not read the cloud's world details: ${(e as Error).message}`);
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  return result;
}

/**
 * Describes both sides of a conflict against the common base: what this computer changed since it
 * last synced, and what the cloud head changed relative to the same base, per world and in total.
 */
export async function describeConflict(
  inst: Instance,
  state: State,
  local: Manifest,
  localDiff: ManifestDiff,
  head: Snapshot,
): Promise<ConflictDescription> {
  const cloud = await snapshotManifest(inst, head.id);
  const cloudDiff = diffManifests(state.baseManifest, cloud);
  const newestLocal = Object.values(local).reduce((max, [, mtime]) => Math.max(max, mtime), 0);
  const cloudWorlds = new Set<string>();
  for (const p of [...cloudDiff.added, ...cloudDiff.changed]) {
    const w = worldOf(p);
    if (w && `${w}/level.dat` in cloud) cloudWorlds.add(w);
  }
  const levels = await cloudLevels(inst, head.id, [...cloudWorlds].sort());
  const worlds = await describeWorlds(
    inst.packFolder,
    localDiff,
    cloudDiff,
    (folder) => Promise.resolve(levels.get(folder) ?? null),
    { localManifest: local, cloudManifest: cloud },
  );
  const outside = (d: ManifestDiff) =>
    [...d.added, ...d.changed, ...d.removed].filter((p) => !worldOf(p)).length;
  return {
    reason: !state.base ? "first-sync" : "both-changed",
    instanceLabel: inst.label,
    packFolder: inst.packFolder,
    base: state.base
      ? {
        id: state.base.id,
        shortId: state.base.id.slice(0, 8),
        time: state.base.time,
        host: state.base.host,
      }
      : null,
    local: {
      side: "local",
      machine: inst.host,
      time: newestLocal ? new Date(newestLocal).toISOString() : null,
      label: inst.label,
      ...localDiff,
      bytes: manifestBytes(local),
      files: Object.keys(local).length,
    },
    cloud: {
      side: "cloud",
      machine: head.host,
      time: head.time,
      label: labelOf(head),
      snapshot: snapshotInfo(head),
      ...cloudDiff,
      bytes: manifestBytes(cloud),
      files: Object.keys(cloud).length,
    },
    worlds,
    otherFiles: { local: outside(localDiff), cloud: outside(cloudDiff) },
  };
}
