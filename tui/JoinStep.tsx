import { Box, Text } from "ink";
import { Spinner } from "@inkjs/ui";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { DirectoryEntry } from "../core/directory/directory.ts";
import { printable } from "../core/printable.ts";
import { type Choice, ChoiceList } from "./ChoiceList.tsx";
import type { CancelKey } from "./keys.ts";
import { glyphs } from "./glyphs.ts";

/** What the player picked: an instance to join, or a new one. */
export type JoinAnswer = { kind: "join"; entry: DirectoryEntry } | { kind: "new" };

export interface JoinStepProps {
  /** Reads the account's instances (newest activity first). */
  load: () => Promise<DirectoryEntry[]>;
  /**
   * The instance's name (`--instance-label`, `$INST_NAME`, the launcher's name): the instance with
   * this label is preselected; when none has it, "Start a new instance" is, so Enter never joins
   * some other pack's worlds into this folder.
   */
  preferLabel?: string;
  onChoice: (answer: JoinAnswer) => void;
  onCancel: () => void;
}

const NEW = "new";
const CANCEL = "cancel";

function when(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/**
 * The setup wizard's last step, after the credentials check: join an instance this account already
 * syncs (so both computers share one history) or start a new one. An account with no instances has
 * nothing to choose, so the step answers "new" at once; a directory that cannot be read says why and
 * offers only a new instance or cancelling.
 */
export function JoinStep(props: JoinStepProps) {
  const { load, onChoice, onCancel, preferLabel } = props;
  const [entries, setEntries] = useState<DirectoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    load().then((found) => {
      if (stale) return;
      if (found.length === 0) onChoice({ kind: "new" });
      else setEntries(found);
    }, (e) => {
      if (!stale) setError((e as Error).message);
    });
    return () => {
      stale = true;
    };
    // Loaded once per mount: the list does not change while the player chooses.
  }, []);

  const choices = useMemo((): Choice<string>[] => [
    ...(entries ?? []).map((e) => ({
      value: `join:${e.instance_id}`,
      // Labels and host names come from the account's other computers.
      label: printable(`Join "${e.label}"`),
      hint: printable(
        `set up on ${e.created_by.host} ${when(e.created_at)}` +
          (e.last_upload ? ` · last upload ${when(e.last_upload)}` : "") + ` · ${e.instance_id}`,
      ),
    })),
    {
      value: NEW,
      label: "Start a new instance",
      hint: "a separate history: this folder does not sync with the ones above",
    },
    { value: CANCEL, label: "Cancel setup", hint: "nothing is written" },
  ], [entries]);

  const initial = useMemo(() => {
    if (!entries) return 0;
    const wanted = preferLabel?.trim().toLowerCase();
    if (!wanted) return 0;
    const i = entries.findIndex((e) => e.label.toLowerCase() === wanted);
    return i >= 0 ? i : entries.length;
  }, [entries, preferLabel]);

  const choose = useCallback((value: string) => {
    if (value === CANCEL) return onCancel();
    if (value === NEW) return onChoice({ kind: "new" });
    const entry = entries?.find((e) => `join:${e.instance_id}` === value);
    if (entry) onChoice({ kind: "join", entry });
  }, [entries, onChoice, onCancel]);
  const cancel = useCallback((_how: CancelKey) => onCancel(), [onCancel]);

  if (!entries && !error) return <Spinner label="Looking up the instances you already sync…" />;
  return (
    <Box flexDirection="column">
      <Text bold>Join an instance you already sync, or start a new one</Text>
      {error ? <Text color="red" wrap="wrap">Could not read your instances: {error}</Text> : (
        <Text dimColor>
          Joining shares the worlds with your other computer; the next launch brings them here.
        </Text>
      )}
      <Box marginTop={1}>
        <ChoiceList
          key={error ? "error" : "list"}
          choices={error ? choices.slice(-2) : choices}
          initial={error ? 0 : initial}
          onChoice={choose}
          onCancel={cancel}
          compactHints={choices.length > 6}
        />
      </Box>
      <Text dimColor>{glyphs().upDown} choose · enter confirm · esc cancel</Text>
    </Box>
  );
}
