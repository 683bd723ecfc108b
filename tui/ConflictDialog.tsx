import { Box, Text, useInput, useWindowSize } from "ink";
import { useCallback, useState } from "react";
import type { ConflictChoice, ConflictDescription, WorldChoice } from "../core/ui.ts";
import { formatTime } from "../core/format.ts";
import { type Choice, ChoiceList } from "./ChoiceList.tsx";
import { ConflictDetails } from "./ConflictDetails.tsx";
import { ConflictSides } from "./ConflictSides.tsx";
import { WorldChooser } from "./WorldChooser.tsx";
import { WorldRows } from "./WorldRows.tsx";
import { glyphs } from "./glyphs.ts";

/** The whole-instance answers, plus the entry to the per-world view (whose answer is an object). */
type ListChoice = Extract<ConflictChoice, string> | "per-world";

/** The answers of docs/contract.md#sync-semantics plus keep-both, each with what it will do (module level: stable identity). */
export const CONFLICT_CHOICES: readonly Choice<ListChoice>[] = [
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
    value: "per-world",
    label: "Choose per world…",
    hint: "Cloud's, this computer's, or both, for each world that changed.",
  },
  {
    value: "cancel",
    label: "Cancel launch",
    hint: "Nothing changes; the game does not start.",
  },
];

/** Without changed worlds there is nothing to keep twice or choose per world. */
const WHOLE_INSTANCE_CHOICES = CONFLICT_CHOICES.filter((c) =>
  c.value !== "keep-both" && c.value !== "per-world"
);

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
  const [perWorld, setPerWorld] = useState(false);
  const [done, setDone] = useState(false);
  const { onChoice } = props;
  const answer = useCallback((c: ConflictChoice) => {
    setDone(true);
    onChoice(c);
  }, [onChoice]);
  const cancel = useCallback(() => answer("cancel"), [answer]);
  const hideDetails = useCallback(() => setDetails(false), []);
  const pick = useCallback((c: ListChoice) => c === "per-world" ? setPerWorld(true) : answer(c), [answer]);
  const perWorldDone = useCallback((worlds: Record<string, WorldChoice>) => answer({ worlds }), [answer]);
  const perWorldBack = useCallback(() => setPerWorld(false), []);

  useInput((input) => {
    if (input === "d") setDetails(true);
  }, { isActive: !details && !perWorld && !done });

  const d = props.description;
  const choices = d.worlds.length ? CONFLICT_CHOICES : WHOLE_INSTANCE_CHOICES;
  return (
    <Box flexDirection="column" width={Math.min(columns, 100)}>
      <Text bold inverse wrap="truncate-end">{`${glyphs().warn} Conflict in "${d.instanceLabel}"`}</Text>
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
      {perWorld
        ? (
          <WorldChooser
            description={d}
            onDone={perWorldDone}
            onBack={perWorldBack}
            onCancel={cancel}
            height={Math.max(4, rows - 4)}
          />
        )
        : null}
      {/* Hidden, not unmounted, while another view shows: the highlighted answer survives the round trip. */}
      <Box flexDirection="column" display={details || perWorld ? "none" : "flex"}>
        {d.worlds.length
          ? <WorldRows description={d} />
          : <ConflictSides local={d.local} cloud={d.cloud} columns={columns} />}
        <Box marginTop={1}>
          <ChoiceList
            key={perWorld ? "hidden" : "shown"}
            choices={choices}
            onChoice={pick}
            onCancel={cancel}
            isActive={!details && !perWorld && !done}
            compactHints={d.worlds.length > 0}
          />
        </Box>
        <Text dimColor wrap="truncate-end">
          {glyphs().upDown} choose · enter confirm · d list changed files · esc cancel
        </Text>
      </Box>
    </Box>
  );
}
