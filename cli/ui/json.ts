import type { ConflictDescription, ProgressEvent, Reporter, Summary } from "../../core/ui.ts";
import type { LineSink } from "./headless.ts";

/**
 * `--json`: one NDJSON object per line on stdout, each with a `type`. Nothing else goes to stdout.
 * Event shapes are documented in the README ("JSON events").
 */
export class JsonReporter implements Reporter {
  constructor(private readonly write: LineSink) {}

  emit(event: Record<string, unknown> & { type: string }): void {
    this.write(JSON.stringify(event));
  }

  start(op: ProgressEvent["op"], message: string): void {
    this.emit({ type: "start", op, message });
  }
  progress(e: ProgressEvent): void {
    this.emit({ type: "progress", ...e });
  }
  finish(summary: Summary): void {
    this.emit({ type: "summary", ...summary });
  }
  info(message: string): void {
    this.emit({ type: "info", message });
  }
  warn(message: string): void {
    this.emit({ type: "warning", message });
  }
  conflict(description: ConflictDescription): void {
    this.emit({ type: "conflict", ...description });
  }
}
