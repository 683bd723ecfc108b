import { Box, Text, useInput, useWindowSize } from "ink";
import { useCallback, useState } from "react";
import type { ConflictChoice, ConflictDescription } from "../core/ui.ts";
import { formatTime } from "../cli/ui/format.ts";
import { type Choice, ChoiceList } from "./ChoiceList.tsx";
import { ConflictDetails } from "./ConflictDetails.tsx";
import { ConflictSides } from "./ConflictSides.tsx";

/** The whole-instance answers (per-world answers are objects and come from the world view). */
type SimpleChoice = Extract<ConflictChoice, string>;

/** The answers of DESIGN 4 plus keep-both, each with what it will do (module level: stable identity). */
export const CONFLICT_CHOICES: readonly Choice<SimpleChoice>[] = [
  {
    value: "use-cloud",
    label: "Use the cloud's version",
    hint: "This computer's files are first saved as a snapshot tagged conflict-backup.",
  },
  {
    value: "keep-local",
    label: "Keep this computer's version",
    hint: "The next push supersedes the cloud's snapshot, which stays in history.",
  },
  {
    value: "keep-both",
    label: "Keep both",
    hint: "Worlds both sides changed are kept twice: yours as a renamed copy.",
  },
  {
    value: "cancel",
    label: "Cancel launch",
    hint: "Nothing changes; the game does not start.",
  },
];

/** Rows around the details list (title, reason on two lines, scroll marks, help) plus one spare, so the
 * frame stays shorter than the terminal: Ink clears the whole screen for a frame that fills it. */
const DETAILS_CHROME = 9;

/** Why the dialog appeared, one sentence per `reason`. */
export const CONFLICT_REASONS: Record<ConflictDescription["reason"], string> = {
  "both-changed": "Both this computer and the cloud changed since the last sync.",
  fork: "The cloud has a version from another computer that was not based on this one.",
  "first-sync": "This computer has its own files and the cloud already has a history.",
};

export interface ConflictDialogProps {
  description: ConflictDescription;
  /** Called exactly once: the chosen answer, or "cancel" on Escape / Ctrl+C. */
  onChoice: (choice: ConflictChoice) => void;
  /** Terminal size; defaults to Ink's window size. */
  columns?: number;
  rows?: number;
}

/**
 * Asks how to settle a conflict: both sides as cards, the three answers with their consequences,
 * and a details view (key `d`) listing the files each side changed.
 */
export function ConflictDialog(props: ConflictDialogProps) {
  const size = useWindowSize();
  const columns = props.columns ?? size.columns;
  const rows = props.rows ?? size.rows;
  const [details, setDetails] = useState(false);
  const [done, setDone] = useState(false);
  const { onChoice } = props;
  const answer = useCallback((c: ConflictChoice) => {
    setDone(true);
    onChoice(c);
  }, [onChoice]);
  const cancel = useCallback(() => answer("cancel"), [answer]);
  const hideDetails = useCallback(() => setDetails(false), []);

  useInput((input) => {
    if (input === "d") setDetails(true);
  }, { isActive: !details && !done });

  const d = props.description;
  return (
    <Box flexDirection="column" width={Math.min(columns, 100)}>
      <Text bold color="yellow" wrap="truncate-end">⚠ Conflict in "{d.instanceLabel}"</Text>
      <Text wrap="wrap">
        {CONFLICT_REASONS[d.reason]}
        <Text dimColor>{d.base ? ` Last sync: ${formatTime(d.base.time)} on ${d.base.host}.` : ""}</Text>
      </Text>
      {details
        ? (
          <ConflictDetails
            description={d}
            height={Math.max(5, rows - DETAILS_CHROME)}
            onBack={hideDetails}
            onCancel={cancel}
          />
        )
        : null}
      {/* Hidden, not unmounted, while details show: the highlighted answer survives the round trip. */}
      <Box flexDirection="column" display={details ? "none" : "flex"}>
        <ConflictSides local={d.local} cloud={d.cloud} columns={columns} />
        <Box marginTop={1}>
          <ChoiceList
            choices={CONFLICT_CHOICES}
            onChoice={answer}
            onCancel={cancel}
            isActive={!details && !done}
          />
        </Box>
        <Text dimColor wrap="truncate-end">
          ↑/↓ choose · enter confirm · d list changed files · esc cancel
        </Text>
      </Box>
    </Box>
  );
}
