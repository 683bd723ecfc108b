import { Box, Text } from "ink";
import type { ConflictSide } from "../core/ui.ts";
import { formatBytes, formatTime } from "../core/format.ts";

/** "3 added · 5 changed · 1 removed" (the counts the dialog and its details view share). */
export function changeCounts(s: ConflictSide): string {
  return `${s.added.length} added · ${s.changed.length} changed · ${s.removed.length} removed`;
}

function SideCard(props: { title: string; side: ConflictSide; width?: number; color: string }) {
  const { side } = props;
  const snap = side.snapshot ? ` · ${side.snapshot.shortId}` : "";
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={props.color}
      paddingX={1}
      width={props.width}
    >
      <Text bold color={props.color} wrap="truncate-end">{props.title + snap}</Text>
      <Text wrap="truncate-end">{formatTime(side.time)}</Text>
      <Text wrap="truncate-end">on {side.machine || "unknown machine"}</Text>
      <Text wrap="truncate-end" dimColor={!side.label}>{side.label ? `"${side.label}"` : "no label"}</Text>
      <Text wrap="truncate-end">{changeCounts(side)}</Text>
      <Text wrap="truncate-end">{side.files} files · {formatBytes(side.bytes)}</Text>
    </Box>
  );
}

/** This computer and the cloud as two cards, side by side when there is room, stacked otherwise. */
export function ConflictSides(props: { local: ConflictSide; cloud: ConflictSide; columns: number }) {
  const sideBySide = props.columns >= 60;
  const width = sideBySide ? Math.min(40, Math.floor((props.columns - 1) / 2)) : undefined;
  return (
    <Box flexDirection={sideBySide ? "row" : "column"} columnGap={1}>
      <SideCard title="This computer" side={props.local} width={width} color="magenta" />
      <SideCard title="Cloud" side={props.cloud} width={width} color="blue" />
    </Box>
  );
}
