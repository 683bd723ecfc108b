/**
 * The local cache of world fingerprints per snapshot, `.cloud-sync/world-index.json`: snapshots made
 * before world tags existed are described from their listing (`restic ls`), and a snapshot never
 * changes, so each is listed once. A missing or damaged cache is only a cost, never an error: it is
 * rebuilt. Holds no secret (folder names, sizes, times).
 */
import { join } from "../fs/path.ts";
import { z } from "zod";
import { readConfigText, writeFileAtomic } from "../fs/atomic.ts";
import type { InstancePaths } from "../config/paths.ts";
import type { WorldPrint } from "./changes.ts";

const PrintSchema = z.object({ hash: z.string(), bytes: z.number(), levelMtime: z.number().optional() });
const IndexSchema = z.object({
  version: z.literal(1),
  /** Snapshot id → world folder → fingerprint. */
  prints: z.record(z.string(), z.record(z.string(), PrintSchema)),
});
export type WorldIndex = z.infer<typeof IndexSchema>;

export function worldIndexPath(paths: InstancePaths): string {
  return join(paths.configDir, "world-index.json");
}

/** Reads the cache; an empty one when it is missing or unreadable. */
export async function readWorldIndex(paths: InstancePaths): Promise<WorldIndex> {
  const empty: WorldIndex = { version: 1, prints: {} };
  let text: string | null;
  try {
    text = await readConfigText(worldIndexPath(paths), 64 * 1024 * 1024);
  } catch {
    return empty;
  }
  if (text === null) return empty;
  try {
    const parsed = IndexSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : empty;
  } catch {
    return empty;
  }
}

export async function writeWorldIndex(paths: InstancePaths, index: WorldIndex): Promise<void> {
  await writeFileAtomic(worldIndexPath(paths), JSON.stringify(index) + "\n");
}

export type { WorldPrint };
