import type { ProgressEvent, Reporter } from "../ui.ts";

/** Passes at most one progress event per interval to the reporter, plus the last one on `flush`. */
export class ProgressThrottle {
  private last = -Infinity;
  private pending: ProgressEvent | null = null;

  constructor(
    private readonly reporter: Reporter,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  readonly push = (event: ProgressEvent): void => {
    const t = this.now();
    if (t - this.last >= this.intervalMs) {
      this.last = t;
      this.pending = null;
      this.reporter.progress(event);
    } else {
      this.pending = event;
    }
  };

  flush(): void {
    if (this.pending) this.reporter.progress(this.pending);
    this.pending = null;
  }
}
