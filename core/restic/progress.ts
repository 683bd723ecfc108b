/** Progress of a running backup or restore, from restic's `--json` status lines. */
export interface ResticProgress {
  op: "backup" | "restore";
  /** 0..1 (restic's `percent_done` is already a fraction). */
  fraction: number;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  secondsElapsed: number;
  secondsRemaining?: number;
  /** Files being read right now, relative to the pack folder (backup only; empty for restore). */
  currentFiles: string[];
}

/** A snapshot tree path (`/saves/World/level.dat`) as a pack-relative path (`saves/World/level.dat`). */
export function relativeTreePath(path: string): string {
  return path.replace(/^\/+/, "");
}

export function clampFraction(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
