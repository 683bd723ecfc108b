import type { ConflictDescription, ProgressEvent, Reporter, Summary } from "../../core/ui.ts";
import { formatBytes, formatDuration } from "./format.ts";
import { describeConflictLines } from "./conflictText.ts";
import { printable, printableLines } from "./printable.ts";

/** Writes lines to a stream (stderr in production, a buffer in tests). */
export type LineSink = (line: string) => void;

/** Human lines on stderr for launcher logs: one line per step and per progress sample, no colors. */
export class HeadlessReporter implements Reporter {
  constructor(
    private readonly write: LineSink,
    private readonly verbose = false,
    private readonly showDebug = false,
  ) {}

  start(_op: ProgressEvent["op"], message: string): void {
    this.write(`instance-sync: ${printable(message)}`);
  }

  progress(e: ProgressEvent): void {
    const pct = Math.floor(Math.max(0, Math.min(1, e.fraction)) * 100);
    const eta = e.secondsRemaining !== undefined ? `, ETA ${formatDuration(e.secondsRemaining)}` : "";
    this.write(
      `instance-sync: ${e.op} ${pct}% (${e.filesDone}/${e.filesTotal} files, ` +
        `${formatBytes(e.bytesDone)}/${formatBytes(e.bytesTotal)}${eta})`,
    );
  }

  finish(summary: Summary): void {
    this.write(`instance-sync: ${printable(summary.message)}`);
  }

  info(message: string): void {
    this.write(`instance-sync: ${printable(message)}`);
  }

  warn(message: string): void {
    this.write(`instance-sync: warning: ${printable(message)}`);
  }

  debug(message: string): void {
    if (this.showDebug) this.write(`instance-sync: debug: ${printable(message)}`);
  }

  conflict(description: ConflictDescription): void {
    for (const line of describeConflictLines(description, this.verbose)) {
      this.write(`instance-sync: ${printable(line)}`);
    }
  }
}

/**
 * A sink that writes whole lines to stderr synchronously (launcher logs interleave otherwise). Every
 * line is made printable on the way (escape sequences in a name from another computer never reach the
 * terminal or the launcher's log), whichever command wrote it.
 */
export function stderrSink(): LineSink {
  const enc = new TextEncoder();
  return (line) => {
    const bytes = enc.encode(printableLines(line) + "\n");
    let off = 0;
    while (off < bytes.length) off += Deno.stderr.writeSync(bytes.subarray(off));
  };
}

/**
 * Same for stdout (command results and NDJSON). A `--json` line keeps its exact values: what is
 * replaced can only sit inside a JSON string, and `\uXXXX` is the same character there.
 */
export function stdoutSink(): LineSink {
  const enc = new TextEncoder();
  return (line) => {
    const bytes = enc.encode(printableLines(line) + "\n");
    let off = 0;
    while (off < bytes.length) off += Deno.stdout.writeSync(bytes.subarray(off));
  };
}
