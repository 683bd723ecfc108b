import { Box, Text, useWindowSize } from "ink";
import { Spinner } from "@inkjs/ui";
import type { Operation, ProgressEvent, Summary } from "../core/ui.ts";
import { formatBytes, formatDuration } from "../core/format.ts";
import { glyphs } from "./glyphs.ts";

/** Below this many columns the view draws the plain headless-style line instead of a bar. */
export const NARROW_COLUMNS = 50;

const OP_NAMES: Record<Operation, string> = {
  scan: "Scanning files",
  backup: "Uploading",
  restore: "Downloading",
  "conflict-backup": "Saving this computer's files (conflict-backup)",
  "pre-restore-backup": "Saving the current state (pre-restore)",
  cleanup: "Cleaning up",
};

/** Outcomes that did not do what was asked: shown with a warning mark instead of a check. */
const UNHAPPY = new Set(["offline", "cancelled", "conflict", "aborted", "failed", "incomplete"]);

export interface ProgressViewProps {
  /** The message of the last `start()`. */
  title?: string;
  event?: ProgressEvent;
  /** Set once the command finished: replaces the bar with the final line. */
  summary?: Summary;
  /** Defaults to Ink's window size. */
  columns?: number;
}

/** Speed in bytes per second and the ETA (core's, else estimated from the speed). */
export function rates(e: ProgressEvent): { speed?: number; eta?: number } {
  const speed = e.secondsElapsed > 0 ? e.bytesDone / e.secondsElapsed : undefined;
  const eta = e.secondsRemaining ??
    (speed && speed > 0 && e.bytesTotal > e.bytesDone ? (e.bytesTotal - e.bytesDone) / speed : undefined);
  return { speed, eta };
}

/** The headless reporter's wording, for narrow terminals. */
export function plainProgressLine(e: ProgressEvent): string {
  const pct = Math.floor(Math.max(0, Math.min(1, e.fraction)) * 100);
  const { eta } = rates(e);
  return `${e.op} ${pct}% (${e.filesDone}/${e.filesTotal} files, ` +
    `${formatBytes(e.bytesDone)}/${formatBytes(e.bytesTotal)}${
      eta !== undefined ? `, ETA ${formatDuration(eta)}` : ""
    })`;
}

function Bar(props: { fraction: number; width: number }) {
  const f = Math.max(0, Math.min(1, props.fraction));
  const full = Math.round(f * props.width);
  return (
    <Text>
      <Text color="green">{"█".repeat(full)}</Text>
      <Text dimColor>{"░".repeat(props.width - full)}</Text>
      <Text bold>{` ${String(Math.floor(f * 100)).padStart(3)}%`}</Text>
    </Text>
  );
}

/** Progress of a push/pull/restore: spinner and title, bar, counts, speed, ETA, current file, summary. */
export function ProgressView(props: ProgressViewProps) {
  const size = useWindowSize();
  const columns = props.columns ?? size.columns;
  const { event: e, summary } = props;

  if (summary) {
    const ok = !UNHAPPY.has(summary.outcome);
    return (
      <Text color={ok ? "green" : "magenta"} bold={!ok} wrap="wrap">
        {ok ? glyphs().ok : glyphs().warn} {summary.message}
      </Text>
    );
  }
  if (columns < NARROW_COLUMNS) {
    return (
      <Box flexDirection="column">
        {props.title ? <Text wrap="wrap">{props.title}</Text> : null}
        {e ? <Text wrap="wrap">{plainProgressLine(e)}</Text> : null}
      </Box>
    );
  }
  const title = props.title ?? (e ? OP_NAMES[e.op] : "Working");
  if (!e) return <Spinner label={title} />;
  const { speed, eta } = rates(e);
  const facts = [
    `${e.filesDone}/${e.filesTotal} files`,
    `${formatBytes(e.bytesDone)} of ${formatBytes(e.bytesTotal)}`,
    speed !== undefined ? `${formatBytes(Math.round(speed))}/s` : null,
    eta !== undefined ? `ETA ${formatDuration(eta)}` : null,
  ].filter(Boolean).join(" · ");
  return (
    <Box flexDirection="column">
      <Spinner label={title} />
      <Bar fraction={e.fraction} width={Math.max(10, Math.min(60, columns - 6))} />
      <Text wrap="truncate-end">{facts}</Text>
      <Text dimColor wrap="truncate-middle">{e.currentFiles[0] ?? " "}</Text>
    </Box>
  );
}
