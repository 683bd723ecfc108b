/**
 * "Is this unknown snapshot the upload of a push of ours that was killed before it wrote state.json?"
 * (see `adoptInterruptedPush` in restore.ts). Equal paths, sizes and mtimes are not enough: two
 * computers can write files of equal size in the same millisecond, and taking the other one's
 * snapshot as ours would hide its session. So the snapshot must come from this computer (machine id)
 * and hold these very files: restic records each file's inode, which must equal the local one's.
 */
import { join } from "../fs/path.ts";
import { madeHere } from "../config/machine.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { Instance } from "./instance.ts";
import { diffManifests, isEmptyDiff } from "./manifest.ts";
import type { Manifest } from "./state.ts";

/** Whether `s` was made by this computer (machine id; older snapshots without one: host name). */
export async function madeByThisComputer(inst: Instance, s: Snapshot): Promise<boolean> {
  return madeHere(s, { machineId: await inst.machineId(), host: inst.host });
}

/**
 * Whether snapshot `id` holds exactly the local files: same paths, sizes and mtimes, and, for every
 * file where both restic and this OS report an inode, the same inode (the snapshot's listing, read
 * in-process or by `restic ls`).
 */
export async function holdsTheseFiles(inst: Instance, id: string, local: Manifest): Promise<boolean> {
  const entries = (await inst.snapshotEntries(id)).filter((e) => e.type !== "dir");
  const cloud: Manifest = {};
  for (const e of entries) cloud[e.path] = [e.size ?? 0, Math.floor(Date.parse(e.mtime))];
  if (!isEmptyDiff(diffManifests(cloud, local))) return false;
  for (const e of entries) {
    if (!e.inode) continue;
    let ino: number | null;
    try {
      ino = Deno.lstatSync(join(inst.packFolder, e.path)).ino;
    } catch {
      return false;
    }
    if (ino !== null && ino !== 0 && ino !== e.inode) return false;
  }
  return true;
}
