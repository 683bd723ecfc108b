/**
 * What each snapshot did to each world: read from its `world=` tags when push recorded them, else
 * worked out from its listing and its parent's (cached in world-index.json, so once per snapshot).
 */
import type { Snapshot } from "../restic/driver.ts";
import { snapshotManifest } from "../sync/conflict.ts";
import { findById, parentOf } from "../sync/history.ts";
import type { Instance } from "../sync/instance.ts";
import { diffPrints, type WorldPrint, worldPrints } from "./changes.ts";
import { readWorldIndex, writeWorldIndex } from "./index.ts";
import { parseWorldTags, type WorldRecord } from "./tags.ts";

/** Snapshot id → the worlds it added, changed or removed. */
export type WorldTimeline = Map<string, WorldRecord[]>;

/**
 * Describes every snapshot in `snapshots`. restic is started (`ls`) only for snapshots without world
 * tags whose fingerprints are not cached yet, and for their parents.
 */
export async function worldTimeline(inst: Instance, snapshots: readonly Snapshot[]): Promise<WorldTimeline> {
  const index = await readWorldIndex(inst.paths);
  let dirty = false;
  const printsOf = async (id: string): Promise<Record<string, WorldPrint>> => {
    const cached = index.prints[id];
    if (cached) return cached;
    const prints = worldPrints(await snapshotManifest(inst, id));
    index.prints[id] = prints;
    dirty = true;
    return prints;
  };
  const out: WorldTimeline = new Map();
  try {
    for (const s of snapshots) {
      const recorded = parseWorldTags(s.tags);
      if (recorded) {
        out.set(s.id, recorded);
        continue;
      }
      const parentId = parentOf(s);
      const parent = parentId ? findById(snapshots, parentId) : undefined;
      out.set(s.id, diffPrints(parent ? await printsOf(parent.id) : null, await printsOf(s.id)));
    }
  } finally {
    // Keep what was learnt even when a later listing failed (offline halfway): it is never wrong.
    if (dirty) await writeWorldIndex(inst.paths, index).catch(() => {});
  }
  return out;
}

/**
 * The world folders a snapshot holds: from the cache when the timeline listed it, else from its listing.
 * Never writes the cache: a refused `restore` must leave the disk exactly as it was.
 */
export async function worldsInSnapshot(inst: Instance, id: string): Promise<Record<string, WorldPrint>> {
  return (await readWorldIndex(inst.paths)).prints[id] ?? worldPrints(await snapshotManifest(inst, id));
}
