import { OfflineError } from "../errors.ts";
import { networkErrorReason } from "./networkError.ts";
import { errorForHttpStatus, httpStatusInResticLine, isServerTrouble } from "./httpStatus.ts";

/**
 * Watches a running restic for "offline" (docs/architecture.md#runtime-facts-the-code-relies-on): restic retries a dead server for minutes while
 * it keeps printing, and hooks must not hang a launcher. It aborts the run with an OfflineError when
 * - a network error, or a 5xx/429 answer of the server, appears on stderr before any data has moved (the repository cannot even be
 *   opened: fail fast instead of sitting through restic's retries), or
 * - (backup/restore) the byte and file counters have not moved for `stallTimeoutMs` while restic is
 *   not done reading (percent < 1), or it is done but reports network errors. After 100 % read a
 *   backup still uploads and finalises without moving the counters; on a slow but healthy link that
 *   must not count as a stall, so it only does once retry errors show up.
 */
export class OfflineWatch {
  readonly controller = new AbortController();
  private lastBytes = -1;
  private lastFiles = -1;
  private moved = false;
  private percent = 0;
  private netErrorSinceProgress = false;
  private lastProgressAt = Date.now();
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly where: string, private readonly stallTimeoutMs?: number) {
    if (stallTimeoutMs !== undefined && stallTimeoutMs > 0) {
      const every = Math.min(1000, Math.max(20, Math.floor(stallTimeoutMs / 5)));
      this.timer = setInterval(() => this.checkStall(), every);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Feed every stderr line. */
  stderr(line: string): void {
    const status = httpStatusInResticLine(line);
    if (status !== null && isServerTrouble(status)) {
      // A 5xx/429 before anything moved: the server is broken, not slow; restic would retry for minutes.
      this.netErrorSinceProgress = true;
      if (!this.moved) this.abort(errorForHttpStatus(status, this.where) as OfflineError);
      return;
    }
    const reason = networkErrorReason(line);
    if (!reason) return;
    this.netErrorSinceProgress = true;
    if (!this.moved) this.abort(new OfflineError(`Cannot reach "${this.where}": ${reason}`));
  }

  /** Feed every status line's counters. */
  status(bytesDone: number, filesDone: number, percent: number): void {
    this.percent = percent;
    if (bytesDone > this.lastBytes || filesDone > this.lastFiles) {
      if (bytesDone > 0 || filesDone > 0) this.moved = true;
      this.lastBytes = bytesDone;
      this.lastFiles = filesDone;
      this.lastProgressAt = Date.now();
      this.netErrorSinceProgress = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private checkStall(): void {
    if (this.stallTimeoutMs === undefined) return;
    const idle = Date.now() - this.lastProgressAt;
    if (idle < this.stallTimeoutMs) return;
    if (this.percent >= 1 && !this.netErrorSinceProgress) return;
    const seconds = Math.round(this.stallTimeoutMs / 100) / 10;
    this.abort(
      new OfflineError(`No progress for ${seconds} s talking to "${this.where}"; treating it as offline`),
    );
  }

  private abort(reason: OfflineError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
    this.stop();
  }
}
