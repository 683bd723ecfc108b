import { Box, Text, useInput } from "ink";
import { useRef, useState } from "react";
import { type CancelKey, cancelKind } from "./keys.ts";
import { glyphs, withEllipsis } from "./glyphs.ts";

/** One answer in a `ChoiceList`; `hint` is the one-line consequence shown under the label. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

export interface ChoiceListProps<T extends string> {
  choices: readonly Choice<T>[];
  /** Called once, with the highlighted value, on Enter (or the choice's number key). */
  onChoice: (value: T) => void;
  /** Escape or Ctrl+C (which one is passed, for lists where Escape means "back"). */
  onCancel: (how: CancelKey) => void;
  initial?: number;
  /** False while another view (e.g. details) owns the keyboard. */
  isActive?: boolean;
  /** Letter shortcuts that answer at once, e.g. `{ y: "yes", n: "no" }`. */
  letters?: Readonly<Record<string, T>>;
  /** Show only the highlighted answer's consequence (when the screen is short on rows). */
  compactHints?: boolean;
  /** Draw at most this many answers, scrolled to keep the highlighted one in view (long lists). */
  visible?: number;
}

/**
 * A vertical list of answers driven by ↑/↓ (or k/j), Enter and number keys. Written here instead of
 * `@inkjs/ui` `Select` because each answer needs a consequence line under it, and it sidesteps the
 * Select trap of docs/architecture.md#runtime-facts-the-code-relies-on (onChange firing again when options change identity).
 */
export function ChoiceList<T extends string>(props: ChoiceListProps<T>) {
  const { choices, isActive = true } = props;
  // Refs, not only state: keys typed faster than a render (or pasted, or sent by tmux in one chunk)
  // arrive in one tick, and Enter must see the index the arrow before it just set.
  const [index, setIndexState] = useState(props.initial ?? 0);
  const indexRef = useRef(index);
  const answered = useRef(false);
  const move = (by: number) => {
    indexRef.current = (indexRef.current + by + choices.length) % choices.length;
    setIndexState(indexRef.current);
  };
  const settle = (f: () => void) => {
    answered.current = true;
    f();
  };

  useInput((input, key) => {
    if (answered.current) return;
    const cancel = cancelKind(input, key);
    if (cancel) settle(() => props.onCancel(cancel));
    else if (key.upArrow || input === "k") move(-1);
    else if (key.downArrow || input === "j" || key.tab) move(1);
    else if (key.return) settle(() => props.onChoice(choices[indexRef.current].value));
    else if (props.letters && Object.hasOwn(props.letters, input.toLowerCase())) {
      settle(() => props.onChoice(props.letters![input.toLowerCase()]));
    } else if (/^[1-9]$/.test(input) && Number(input) <= choices.length) {
      settle(() => props.onChoice(choices[Number(input) - 1].value));
    }
  }, { isActive });

  const shown = props.visible ?? choices.length;
  const start = Math.max(0, Math.min(index - Math.floor(shown / 2), choices.length - shown));
  const end = Math.min(choices.length, start + shown);
  return (
    <Box flexDirection="column">
      {start > 0 ? <Text dimColor>{`  ${glyphs().up} ${start} more`}</Text> : null}
      {choices.slice(start, end).map((c, j) => ({ c, i: start + j })).map(({ c, i }) => (
        <Box key={c.value} flexDirection="column">
          {/* Inverse, not a colour: it reads on a white xterm and on a dark terminal alike. */}
          <Text inverse={i === index} bold={i === index}>
            {i === index ? `${glyphs().pointer} ` : "  "}
            {withEllipsis(c.label)}
          </Text>
          {c.hint && (!props.compactHints || i === index)
            ? <Text dimColor wrap="truncate-end">{"    " + c.hint}</Text>
            : null}
        </Box>
      ))}
      {end < choices.length
        ? <Text dimColor>{`  ${glyphs().down} ${choices.length - end} more`}</Text>
        : null}
    </Box>
  );
}
