import { join } from "../fs/path.ts";
import { scanManifest } from "./manifest.ts";
import type { Instance } from "./instance.ts";
import type { Manifest, Pending } from "./state.ts";

type Entry = [number, number] | undefined;

/** Same size and mtime (whole seconds when either side lacks milliseconds, as `diffManifests`). */
function sameEntry(a: Entry, b: Entry): boolean {
  if (!a || !b) return a === b;
  if (a[0] !== b[0]) return false;
  if (a[1] === b[1]) return true;
  return (a[1] % 1000 === 0 || b[1] % 1000 === 0) && Math.floor(a[1] / 1000) === Math.floor(b[1] / 1000);
}

/**
 * Paths whose state on disk differs from every state a journaled restore could have left there, i.e.
 * files the player changed, added or deleted after the restore was interrupted (docs/reliability.md, I1).
 *
 * A path is expected to be as it was before the restore (`before`), as the snapshot has it (restic
 * restores size and mtime), or as the merge's stash has it (worlds kept from this computer); it may be
 * missing when the snapshot lacks it (the cleanup removed it) or when restic had not written it yet.
 * A file restic was writing at the instant of the kill also counts as changed: that costs one extra
 * snapshot, never a file.
 */
export function laterChanges(
  now: Manifest,
  before: Manifest,
  snapshot: Manifest | null,
  merged: Manifest = {},
): string[] {
  const out: string[] = [];
  const paths = new Set([...Object.keys(now), ...Object.keys(before)]);
  for (const path of paths) {
    const current: Entry = now[path];
    if (sameEntry(current, before[path])) continue;
    if (current === undefined) {
      // Gone: only a change when the restore would have brought it back (it is in the snapshot).
      if (snapshot === null || snapshot[path]) out.push(path);
      continue;
    }
    if (snapshot !== null && sameEntry(current, snapshot[path])) continue;
    if (sameEntry(current, merged[path])) continue;
    out.push(path);
  }
  return out.sort();
}

/** Whether any path differs from the pre-restore folder (only such paths can be later changes). */
export function changedSinceJournal(now: Manifest, before: Manifest): boolean {
  for (const path of new Set([...Object.keys(now), ...Object.keys(before)])) {
    if (!sameEntry(now[path], before[path])) return true;
  }
  return false;
}

/**
 * What the merge steps put back after the restore, per pack-relative path: the stashed copy of a world
 * kept from this computer lands at its own folder ("local") or at its new name ("both").
 */
export async function mergedManifest(inst: Instance, pending: Pending): Promise<Manifest> {
  const out: Manifest = {};
  for (const step of pending.merge ?? []) {
    if (!step.stash) continue;
    const target = step.choice === "both" && step.newFolder ? `saves/${step.newFolder}` : step.world;
    const stash = await scanManifest(join(inst.paths.configDir, step.stash), {
      include: ["."],
      exclude: [],
    }).catch(() => ({} as Manifest));
    for (const [rel, entry] of Object.entries(stash)) out[`${target}/${rel.replace(/^\.\//, "")}`] = entry;
  }
  return out;
}
