import { z } from "zod";
import { ResticError } from "../errors.ts";

/** One snapshot as `restic snapshots --json` lists it (the fields the sync engine uses). */
export interface Snapshot {
  /** Full 64-hex id. */
  id: string;
  short_id: string;
  /** ISO 8601 time of the backup, as restic wrote it. */
  time: string;
  /** `--host` of the backup (restic's `hostname`). */
  host: string;
  tags: string[];
  /** Absolute source paths on the machine that made it (not the tree layout; see driver.ts). */
  paths: string[];
  /** The snapshot given as `--parent`, when there was one. */
  parent?: string;
  /** Files in the snapshot, from its summary (restic ≥ 0.17 writes one); lets guards skip `restic ls`. */
  totalFiles?: number;
  /** Bytes of those files, from the same summary. */
  totalBytes?: number;
}

const SnapshotJson = z.object({
  id: z.string(),
  short_id: z.string().optional(),
  time: z.string(),
  hostname: z.string().default(""),
  tags: z.array(z.string()).nullish(),
  paths: z.array(z.string()).nullish(),
  parent: z.string().optional(),
  summary: z.looseObject({
    total_files_processed: z.number().optional(),
    total_bytes_processed: z.number().optional(),
  }).optional(),
});

/** Parses `restic snapshots --json` (one JSON array); oldest first. */
export function parseSnapshots(stdout: string): Snapshot[] {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.trim() === "" ? "[]" : stdout);
  } catch {
    throw new ResticError(`Cannot parse the output of "restic snapshots --json": not JSON`, null);
  }
  const parsed = z.array(SnapshotJson).safeParse(raw);
  if (!parsed.success) {
    throw new ResticError(
      `Cannot parse the output of "restic snapshots --json": ${parsed.error.issues[0]?.message}`,
      null,
    );
  }
  return sortSnapshots(parsed.data.map(toSnapshot));
}

/**
 * Validates one snapshot document as a repository's `snapshots/<id>` file holds it (no `id` field:
 * the file name is the id); null when it does not have the shape of a snapshot.
 */
export function snapshotFromFile(raw: unknown, id: string): Snapshot | null {
  const parsed = SnapshotJson.safeParse({ ...(raw as object), id });
  return parsed.success ? toSnapshot(parsed.data) : null;
}

/** Oldest first, ties by id (restic's order). */
export function sortSnapshots(list: Snapshot[]): Snapshot[] {
  return list.sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id));
}

function toSnapshot(s: z.infer<typeof SnapshotJson>): Snapshot {
  return {
    id: s.id,
    short_id: s.short_id ?? s.id.slice(0, 8),
    time: s.time,
    host: s.hostname,
    tags: s.tags ?? [],
    // sorted as `restic snapshots` prints them (a snapshot file keeps the order they were given in)
    paths: [...s.paths ?? []].sort(),
    ...(s.parent ? { parent: s.parent } : {}),
    ...(s.summary?.total_files_processed !== undefined
      ? { totalFiles: s.summary.total_files_processed }
      : {}),
    ...(s.summary?.total_bytes_processed !== undefined
      ? { totalBytes: s.summary.total_bytes_processed }
      : {}),
  };
}
