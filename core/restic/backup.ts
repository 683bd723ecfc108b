import { ResticError } from "../errors.ts";
import { BackupEventSchema, parseResticLine } from "./events.ts";
import { clampFraction, relativeTreePath, type ResticProgress } from "./progress.ts";
import type { OfflineWatch } from "./watch.ts";

export interface BackupResult {
  snapshotId: string;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dataAdded: number;
  totalFilesProcessed: number;
  totalBytesProcessed: number;
  /** Files restic could not read (restic exit 3: the snapshot exists without them), pack-relative. */
  unreadable: string[];
}

/** Follows a backup's output: progress to the callback, errors collected, the summary kept. */
export class BackupTracker {
  private summary?: Extract<ReturnType<typeof BackupEventSchema.parse>, { message_type: "summary" }>;
  private readonly unreadable: string[] = [];

  constructor(private readonly onProgress?: (p: ResticProgress) => void) {}

  line(line: string, watch?: OfflineWatch): void {
    const e = parseResticLine(line, BackupEventSchema);
    if (e.message_type === "status") {
      watch?.status(e.bytes_done, e.files_done, e.percent_done);
      this.onProgress?.({
        op: "backup",
        fraction: clampFraction(e.percent_done),
        filesDone: e.files_done,
        filesTotal: e.total_files,
        bytesDone: e.bytes_done,
        bytesTotal: e.total_bytes,
        secondsElapsed: e.seconds_elapsed,
        ...(e.seconds_remaining !== undefined ? { secondsRemaining: e.seconds_remaining } : {}),
        currentFiles: e.current_files.map(relativeTreePath),
      });
    } else if (e.message_type === "summary") {
      this.summary = e;
    } else if (e.message_type === "error") {
      const item = relativeTreePath(e.item);
      if (item && !this.unreadable.includes(item)) this.unreadable.push(item);
    }
  }

  /** restic ≥ 0.17 writes `error` events on stderr; feed those lines here too. */
  stderrLine(line: string): void {
    if (line.includes('"message_type":"error"')) this.line(line);
  }

  result(code: number, scrub: (m: string) => string): BackupResult {
    const s = this.summary;
    if (!s?.snapshot_id) {
      throw new ResticError(scrub(`restic backup exited ${code} without naming the snapshot it made`), code);
    }
    return {
      snapshotId: s.snapshot_id,
      filesNew: s.files_new,
      filesChanged: s.files_changed,
      filesUnmodified: s.files_unmodified,
      dataAdded: s.data_added,
      totalFilesProcessed: s.total_files_processed,
      totalBytesProcessed: s.total_bytes_processed,
      unreadable: this.unreadable,
    };
  }
}
