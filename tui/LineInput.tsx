import { Text, useInput } from "ink";
import { useRef, useState } from "react";
import { editLine, type Line, pastedLine } from "./lineEdit.ts";

export interface LineInputProps {
  /** The text the field starts with; the cursor starts at its end. */
  defaultValue?: string;
  /** Shown instead of each character (the password field). */
  mask?: string;
  /** Enter. */
  onSubmit: (value: string) => void;
  /** Each edit (the wizard clears an old error once the player types). */
  onChange?: (value: string) => void;
  isDisabled?: boolean;
}

/**
 * A one-line text field that edits like a shell line (see `editLine`: Ctrl+U, Ctrl+W, Ctrl+A/E,
 * Home/End, arrows), with an inverse-video cursor. Escape, Tab, Up/Down and Ctrl+C are left to the
 * screen around it.
 */
export function LineInput({ defaultValue = "", mask, onSubmit, onChange, isDisabled }: LineInputProps) {
  const [line, setLine] = useState<Line>({ value: defaultValue, cursor: defaultValue.length });
  // Keys that arrive in one burst (a paste, then Enter) come before React re-renders: edit the latest line.
  const latest = useRef(line);
  useInput((input, key) => {
    if (key.ctrl && input === "c") return;
    const current = latest.current;
    if (key.return) return onSubmit(current.value);
    const pasted = pastedLine(current, input); // a pasted value with its newline submits the field
    const next = pasted ?? editLine(current, input, key);
    if (next.value !== current.value || next.cursor !== current.cursor) {
      latest.current = next;
      setLine(next);
      if (next.value !== current.value) onChange?.(next.value);
    }
    if (pasted) onSubmit(next.value);
  }, { isActive: !isDisabled });

  const shown = mask ? mask.repeat(line.value.length) : line.value;
  if (isDisabled) return <Text>{shown}</Text>;
  const before = shown.slice(0, line.cursor);
  const under = shown.slice(line.cursor, line.cursor + 1) || " ";
  const after = shown.slice(line.cursor + 1);
  return (
    <Text>
      {before}
      <Text inverse>{under}</Text>
      {after}
    </Text>
  );
}
