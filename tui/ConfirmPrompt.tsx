import { Box, Text } from "ink";
import { useCallback, useMemo, useState } from "react";
import { type Choice, ChoiceList } from "./ChoiceList.tsx";

export interface ConfirmPromptProps {
  question: string;
  /** A line or two on what "yes" will do. */
  detail?: string;
  yesLabel?: string;
  noLabel?: string;
  /** Highlight "yes" first (default: "no", the safe answer). */
  defaultYes?: boolean;
  /** Called exactly once; Escape and Ctrl+C answer false. */
  onChoice: (yes: boolean) => void;
}

/** A yes/no question: ↑/↓ + Enter, or y / n; Escape and Ctrl+C mean no. */
export function ConfirmPrompt(props: ConfirmPromptProps) {
  const { onChoice, yesLabel = "Yes", noLabel = "No" } = props;
  const [done, setDone] = useState(false);
  const choices = useMemo<readonly Choice<"yes" | "no">[]>(
    () => [{ value: "yes", label: `${yesLabel} (y)` }, { value: "no", label: `${noLabel} (n)` }],
    [yesLabel, noLabel],
  );
  const answer = useCallback((yes: boolean) => {
    setDone(true);
    onChoice(yes);
  }, [onChoice]);
  const onListChoice = useCallback((v: "yes" | "no") => answer(v === "yes"), [answer]);
  const onCancel = useCallback(() => answer(false), [answer]);

  return (
    <Box flexDirection="column">
      <Text bold wrap="wrap">{props.question}</Text>
      {props.detail ? <Text dimColor wrap="wrap">{props.detail}</Text> : null}
      <Box marginTop={1}>
        <ChoiceList
          choices={choices}
          initial={props.defaultYes ? 0 : 1}
          onChoice={onListChoice}
          onCancel={onCancel}
          isActive={!done}
          letters={{ y: "yes", n: "no" }}
        />
      </Box>
    </Box>
  );
}
