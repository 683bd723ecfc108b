import { Box, Text, useInput } from "ink";
import { useMemo, useState } from "react";
import type { ConflictDescription, ConflictSide } from "../core/ui.ts";
import { changeCounts } from "./ConflictSides.tsx";
import { isCancelKey } from "./keys.ts";
import { glyphs } from "./glyphs.ts";

interface Row {
  text: string;
  heading?: boolean;
  color?: string;
}

function sideRows(name: string, s: ConflictSide): Row[] {
  const rows: Row[] = [{ text: `${name}: ${changeCounts(s)}`, heading: true }];
  for (const f of s.added) rows.push({ text: `  + ${f}`, color: "green" });
  for (const f of s.changed) rows.push({ text: `  ~ ${f}`, color: "magenta" });
  for (const f of s.removed) rows.push({ text: `  - ${f}`, color: "red" });
  if (rows.length === 1) rows.push({ text: "  (no changes)" });
  return rows;
}

export interface ConflictDetailsProps {
  description: ConflictDescription;
  /** How many list rows fit (the rest scrolls). */
  height: number;
  /** d, b, Enter or Escape: back to the choices. */
  onBack: () => void;
  /** Ctrl+C: cancel the whole dialog. */
  onCancel: () => void;
}

/** The files each side changed since the last sync, scrollable with ↑/↓ and PgUp/PgDn. */
export function ConflictDetails(props: ConflictDetailsProps) {
  const rows = useMemo(
    () => [
      ...sideRows("This computer", props.description.local),
      { text: "" },
      ...sideRows("Cloud", props.description.cloud),
    ],
    [props.description],
  );
  const height = Math.max(3, props.height);
  const maxTop = Math.max(0, rows.length - height);
  const [top, setTop] = useState(0);

  useInput((input, key) => {
    if (key.ctrl && input === "c") props.onCancel();
    else if (isCancelKey(input, key) || key.return || input === "d" || input === "b") props.onBack();
    else if (key.upArrow || input === "k") setTop((t) => Math.max(0, t - 1));
    else if (key.downArrow || input === "j") setTop((t) => Math.min(maxTop, t + 1));
    else if (key.pageUp) setTop((t) => Math.max(0, t - height));
    else if (key.pageDown || input === " ") setTop((t) => Math.min(maxTop, t + height));
  });

  const visible = rows.slice(top, top + height);
  const below = rows.length - top - visible.length;
  return (
    <Box flexDirection="column">
      <Text dimColor>{top > 0 ? `${glyphs().up} ${top} more` : " "}</Text>
      {visible.map((r, i) => (
        <Text key={top + i} bold={r.heading} color={r.color} wrap="truncate-middle">{r.text || " "}</Text>
      ))}
      <Text dimColor>{below > 0 ? `${glyphs().ellipsis} ${below} more` : " "}</Text>
      <Text dimColor>{glyphs().upDown} scroll · PgUp/PgDn page · d or esc back to the choices</Text>
    </Box>
  );
}
