/**
 * The history graph of an instance's snapshots, built from the tags this tool writes: every snapshot
 * carries `instance-sync` and `parent=<short id of its base>` (or `parent=none`). Side copies
 * (`conflict-backup`, `pre-restore`) stay in history but never become head (docs/contract.md#sync-semantics).
 */

/** The fields of a restic snapshot the graph needs (the driver's `Snapshot` fits). */
export interface GraphSnapshot {
  id: string;
  short_id?: string;
  time: string;
  host: string;
  tags?: string[] | null;
}

export const TAG_APP = "instance-sync";
export const TAG_CONFLICT_BACKUP = "conflict-backup";
export const TAG_PRE_RESTORE = "pre-restore";
export const SIDE_COPY_TAGS = [TAG_CONFLICT_BACKUP, TAG_PRE_RESTORE] as const;

/** The tags of a new snapshot whose base is `parentId` (null: the first snapshot). */
export function snapshotTags(parentId: string | null, label: string, extra: string[] = []): string[] {
  // restic splits --tag values at commas; keep the label readable but tag-safe.
  const safeLabel = label.replace(/[,\s]+/g, "_").slice(0, 64);
  return [TAG_APP, `parent=${parentId ? parentId.slice(0, 8) : "none"}`, `label=${safeLabel}`, ...extra];
}

function tagValue(s: GraphSnapshot, key: string): string | undefined {
  const tag = s.tags?.find((t) => t.startsWith(`${key}=`));
  return tag?.slice(key.length + 1);
}

/** The short parent id, `null` for a root (`parent=none`), or undefined when the snapshot is not ours. */
export function parentOf(s: GraphSnapshot): string | null | undefined {
  const v = tagValue(s, "parent");
  return v === undefined ? undefined : v === "none" ? null : v;
}

export function labelOf(s: GraphSnapshot): string | undefined {
  return tagValue(s, "label");
}

export function isSideCopy(s: GraphSnapshot): boolean {
  return SIDE_COPY_TAGS.some((t) => s.tags?.includes(t));
}

function byTimeDesc(a: GraphSnapshot, b: GraphSnapshot): number {
  const d = Date.parse(b.time) - Date.parse(a.time);
  return d !== 0 ? d : b.id.localeCompare(a.id);
}

/** Snapshots newest first. */
export function newestFirst<T extends GraphSnapshot>(snapshots: readonly T[]): T[] {
  return [...snapshots].sort(byTimeDesc);
}

/** The newest snapshot that is not a side copy, or null. */
export function headOf<T extends GraphSnapshot>(snapshots: readonly T[]): T | null {
  return newestFirst(snapshots).find((s) => !isSideCopy(s)) ?? null;
}

/** Finds a snapshot by full id or id prefix (short ids in tags are 8 characters). */
export function findById<T extends GraphSnapshot>(
  snapshots: readonly T[],
  idOrPrefix: string,
): T | undefined {
  return snapshots.find((s) => s.id === idOrPrefix) ?? snapshots.find((s) => s.id.startsWith(idOrPrefix));
}

/** True when `ancestorId` is `descendant` itself or reachable through its parent tags. */
export function isAncestor(
  snapshots: readonly GraphSnapshot[],
  ancestorId: string,
  descendant: GraphSnapshot,
): boolean {
  const seen = new Set<string>();
  let cur: GraphSnapshot | undefined = descendant;
  while (cur && !seen.has(cur.id)) {
    if (cur.id === ancestorId || ancestorId.startsWith(cur.id)) return true;
    seen.add(cur.id);
    const parent = parentOf(cur);
    if (!parent) return false;
    if (ancestorId.startsWith(parent)) return true;
    cur = findById(snapshots, parent);
  }
  return false;
}

/** Parent short ids that have two or more mainline children: where machines forked. */
export function forkPoints(snapshots: readonly GraphSnapshot[]): Set<string> {
  const count = new Map<string, number>();
  for (const s of snapshots) {
    if (isSideCopy(s)) continue;
    const p = parentOf(s);
    if (p === undefined) continue;
    const key = p ?? "none";
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return new Set([...count].filter(([, n]) => n > 1).map(([k]) => k));
}
