/**
 * Which local files a restore must remove: those the snapshot lacks. On a file system that ignores
 * case (Windows, macOS) `saves/world/level.dat` on disk IS the snapshot's `saves/World/level.dat` —
 * restic restored into the existing folder, which keeps its old spelling — so comparing names exactly
 * would delete the world that was just restored. There names are compared case-folded.
 */
import { caseInsensitiveFs } from "../guards/samePath.ts";
import type { Snapshot } from "../restic/snapshot.ts";
import type { Manifest } from "./state.ts";

/**
 * The paths in `local` that `snapshot` does not hold, compared as the file system does.
 *
 * @example
 * filesMissingFromSnapshot(["saves/world/a"], ["saves/World/a"], true); // []
 */
export function filesMissingFromSnapshot(
  local: readonly string[],
  snapshot: Iterable<string>,
  caseInsensitive = caseInsensitiveFs(Deno.build.os),
): string[] {
  const fold = (p: string) => caseInsensitive ? p.toLowerCase() : p;
  const held = new Set<string>();
  for (const p of snapshot) held.add(fold(p));
  return local.filter((p) => !held.has(fold(p)));
}

/** A snapshot's regular files and their bytes, as its summary counts them (restic ≥ 0.17). */
export interface SnapshotSize {
  files: number;
  bytes: number;
}

/** The summary's size of `snapshot`; undefined when there is none (older restic, or not read). */
export function snapshotSize(snapshot?: Snapshot): SnapshotSize | undefined {
  return snapshot?.totalFiles !== undefined && snapshot.totalBytes !== undefined
    ? { files: snapshot.totalFiles, bytes: snapshot.totalBytes }
    : undefined;
}

/**
 * True when the in-scope files after a restore (`local`) cannot include one the snapshot lacks. restic
 * has just written every file of the snapshot, so each of them is here with the snapshot's size; a
 * file beyond them would add to the count. Exactly the snapshot's number of files and bytes therefore
 * means nothing else is here. Anything that does not add up — a file the snapshot lacks, a symlink (the
 * manifest counts it, restic's summary does not), a snapshot file this computer's scope leaves out —
 * answers false, and the caller lists the snapshot to find what to remove. Only a file the snapshot
 * lacks together with a snapshot file this scope leaves out, equal in number and bytes, could cancel
 * out; that keeps a stray file (never removes one), and needs two computers with different scopes.
 *
 * @example
 * holdsOnlySnapshot({ "saves/W/level.dat": [10, 0] }, { files: 1, bytes: 10 }); // true
 */
export function holdsOnlySnapshot(local: Manifest, expected: SnapshotSize): boolean {
  const entries = Object.values(local);
  if (entries.length !== expected.files) return false;
  let bytes = 0;
  for (const [size] of entries) bytes += size;
  return bytes === expected.bytes;
}
