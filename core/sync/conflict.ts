import { labelOf } from "./history.ts";
import type { Instance } from "./instance.ts";
import { diffManifests, manifestBytes, type ManifestDiff } from "./manifest.ts";
import type { Manifest, State } from "./state.ts";
import type { ConflictDescription, SnapshotInfo } from "../ui.ts";
import type { Snapshot } from "../restic/driver.ts";

export function snapshotInfo(s: Snapshot): SnapshotInfo {
  return { id: s.id, shortId: s.id.slice(0, 8), time: s.time, host: s.host, label: labelOf(s) };
}

/** The manifest of a snapshot, from `restic ls` (files only; mtimes in milliseconds like a local scan). */
export async function snapshotManifest(inst: Instance, id: string): Promise<Manifest> {
  const entries = await (await inst.getRestic()).ls(id);
  const m: Manifest = {};
  for (const e of entries) {
    if (e.type === "dir") continue;
    m[e.path] = [e.size ?? 0, Math.floor(Date.parse(e.mtime))];
  }
  return m;
}

/**
 * Describes both sides of a conflict against the common base: what this computer changed since it
 * last synced, and what the cloud head changed relative to the same base.
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
  const reason = !state.base ? "first-sync" : "both-changed";
  return {
    reason,
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
  };
}
