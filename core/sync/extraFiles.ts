/**
 * Which local files a restore must remove: those the snapshot lacks. On a file system that ignores
 * case (Windows, macOS) `saves/world/level.dat` on disk IS the snapshot's `saves/World/level.dat` —
 * restic restored into the existing folder, which keeps its old spelling — so comparing names exactly
 * would delete the world that was just restored. There names are compared case-folded.
 */
import { caseInsensitiveFs } from "../guards/samePath.ts";

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
