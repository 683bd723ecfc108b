import type { ProgressEvent } from "../ui.ts";

/**
 * Progress of a running backup or restore, from restic's `--json` status lines: the UI seam's
 * `ProgressEvent` for restic's two operations (`fraction` is restic's `percent_done`, already 0..1;
 * `currentFiles` is empty for restore).
 */
export type ResticProgress = Omit<ProgressEvent, "op"> & { op: "backup" | "restore" };

/** A snapshot tree path (`/saves/World/level.dat`) as a pack-relative path (`saves/World/level.dat`). */
export function relativeTreePath(path: string): string {
  return path.replace(/^\/+/, "");
}

export function clampFraction(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
