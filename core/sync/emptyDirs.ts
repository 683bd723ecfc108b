/**
 * Removing the folders a restore's cleanup emptied, shared by the whole-instance restore (restore.ts)
 * and the one-world restore (worldRestoreSteps.ts).
 */
import { containedPath } from "../fs/contained.ts";
import type { Instance } from "./instance.ts";

/** Removes folders emptied by the cleanup (a deleted world must not leave an empty folder in saves/). */
export async function removeEmptyDirs(
  inst: Instance,
  removed: string[],
  inSnapshot: Set<string>,
): Promise<void> {
  const dirs = new Set<string>();
  for (const rel of removed) {
    const parts = rel.split("/");
    for (let i = parts.length - 1; i > 0; i--) dirs.add(parts.slice(0, i).join("/"));
  }
  const deepestFirst = [...dirs].filter((d) => !inSnapshot.has(d) && !inst.scope.include.includes(d))
    .sort((a, b) => b.split("/").length - a.split("/").length);
  for (const dir of deepestFirst) {
    const path = await containedPath(inst.packFolder, dir, "folder");
    try {
      await Deno.remove(path); // fails unless empty: exactly what we want
    } catch { /* not empty or gone */ }
  }
}
