/**
 * The local cache of world fingerprints per snapshot, `.cloud-sync/world-index.json`: snapshots made
 * before world tags existed are described from their listing (`restic ls`), and a snapshot never
 * changes, so each is listed once. A missing or damaged cache is only a cost, never an error: it is
 * rebuilt. Holds no secret (folder names, sizes, times).
 */
import { join } from "../fs/path.ts";
import { z } from "zod";
import { readConfigText, writeFileAtomic } from "../fs/atomic.ts";
import { isWorldFolder } from "../fs/contained.ts";
import { ConfigError } from "../errors.ts";
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

/**
 * Reads the cache; an empty one when it is missing or unreadable. A world folder key that is not
 * `saves/<one folder name>` (`saves/..`, `../x`) is no damage but a crafted file: a restore would act
 * on that path, so it is refused (exit 2) naming the file and the key, and nothing changes.
 */
export async function readWorldIndex(paths: InstancePaths): Promise<WorldIndex> {
  const empty: WorldIndex = { version: 1, prints: {} };
  let text: string | null;
  try {
    text = await readConfigText(worldIndexPath(paths), 64 * 1024 * 1024);
  } catch {
    return empty;
  }
  if (text === null) return empty;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return empty;
  }
  checkWorldKeys(worldIndexPath(paths), raw);
  const parsed = IndexSchema.safeParse(raw);
  return parsed.success ? parsed.data : empty;
}

function checkWorldKeys(file: string, raw: unknown): void {
  const prints = (raw as { prints?: unknown } | null)?.prints;
  if (!prints || typeof prints !== "object") return;
  for (const [snapshot, worlds] of Object.entries(prints)) {
    if (!/^[0-9a-f]{64}$/.test(snapshot)) {
      throw new ConfigError(
        file,
        `Cannot use "${file}": "prints.${snapshot}" is not a snapshot id`,
        DELETE_HINT,
      );
    }
    if (!worlds || typeof worlds !== "object") continue;
    for (const world of Object.keys(worlds)) {
      if (!isWorldFolder(world)) {
        throw new ConfigError(
          file,
          `Cannot use "${file}": "prints.${
            snapshot.slice(0, 8)
          }….${world}" is not a world folder ("saves/<name>")`,
          DELETE_HINT,
        );
      }
    }
  }
}

const DELETE_HINT = "Delete the file: it is a cache, rebuilt on the next run";

export async function writeWorldIndex(paths: InstancePaths, index: WorldIndex): Promise<void> {
  await writeFileAtomic(worldIndexPath(paths), JSON.stringify(index) + "\n");
}

export type { WorldPrint };
