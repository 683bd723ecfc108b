import { ResticError } from "../errors.ts";
import { parseResticLine, RestoreEventSchema } from "./events.ts";
import { clampFraction, type ResticProgress } from "./progress.ts";
import type { OfflineWatch } from "./watch.ts";

export interface RestoreOptions {
  /** The folder that receives the snapshot's tree (the pack folder). */
  target: string;
  /** Restore only these pack-relative paths (`saves/World`); everything when absent. */
  include?: string[];
  onProgress?: (p: ResticProgress) => void;
  /**
   * Also return every path the snapshot has (restic `-vv` prints one line per item, restored or
   * unchanged), which spares the engine a separate `restic ls` and its key derivation.
   */
  listItems?: boolean;
}

export interface RestoreResult {
  /** As restic counts it: files and folders written (`saves`, `saves/World` count too). */
  filesRestored: number;
  bytesRestored: number;
  /** With `listItems`: every file and folder of the snapshot, pack-relative (`saves/World/level.dat`). */
  items?: string[];
}

/** Follows a restore's output: progress to the callback, the summary kept. */
export class RestoreTracker {
  private summary?: RestoreResult;
  private readonly errors: string[] = [];
  private readonly items: string[] = [];

  constructor(private readonly onProgress?: (p: ResticProgress) => void) {}

  line(line: string, watch?: OfflineWatch): void {
    // One verbose line per file of the snapshot (thousands): read the two fields needed without the
    // schema's per-line cost; anything that does not look exactly like one takes the checked path.
    if (line.startsWith('{"message_type":"verbose_status"')) {
      const v = JSON.parse(line);
      if (typeof v.action === "string" && typeof v.item === "string") {
        if (v.action !== "deleted" && v.item) this.items.push(v.item.replace(/^\/+/, ""));
        return;
      }
    }
    const e = parseResticLine(line, RestoreEventSchema);
    if (e.message_type === "status") {
      // Skipping a file that is already in place is progress for the stall watch, but restic's totals
      // (and its percent) count only what it writes, so the player sees written against to-write.
      watch?.status(e.bytes_restored + e.bytes_skipped, e.files_restored + e.files_skipped, e.percent_done);
      this.onProgress?.({
        op: "restore",
        fraction: clampFraction(e.percent_done),
        filesDone: e.files_restored,
        filesTotal: e.total_files,
        bytesDone: e.bytes_restored,
        bytesTotal: e.total_bytes,
        secondsElapsed: e.seconds_elapsed,
        ...(e.seconds_remaining !== undefined ? { secondsRemaining: e.seconds_remaining } : {}),
        currentFiles: [],
      });
    } else if (e.message_type === "verbose_status") {
      if (e.action !== "deleted" && e.item) this.items.push(e.item.replace(/^\/+/, ""));
    } else if (e.message_type === "summary") {
      this.summary = { filesRestored: e.files_restored, bytesRestored: e.bytes_restored };
    } else if (e.message_type === "error") {
      this.errors.push(`${e.item}: ${e.error}`);
    }
  }

  result(): RestoreResult {
    if (this.errors.length > 0) {
      throw new ResticError(
        `restic restore could not write ${this.errors.length} file(s): ${this.errors[0]}`,
        null,
      );
    }
    return { ...(this.summary ?? { filesRestored: 0, bytesRestored: 0 }), items: this.items };
  }
}
