import { Box, Text, useInput } from "ink";
import { useRef, useState } from "react";
import type { ConflictDescription, WorldChoice } from "../core/ui.ts";
import { cancelKind } from "./keys.ts";
import { worldSideText } from "./WorldRows.tsx";
import { glyphs } from "./glyphs.ts";

const ORDER: readonly WorldChoice[] = ["cloud", "local", "both"];
const LABEL: Record<WorldChoice, string> = { cloud: "cloud's", local: "this computer's", both: "keep both" };
const CONSEQUENCE: Record<WorldChoice, string> = {
  cloud: "this computer's copy is saved in a conflict-backup snapshot, then replaced",
  local: "this computer's copy stays and the next push uploads it",
  both: "the cloud's copy stays; this computer's becomes a renamed second world",
};

/** The default for each world, as keep-both would decide: the side that changed it, both when both did. */
export function defaultWorldChoices(d: ConflictDescription): Record<string, WorldChoice> {
  return Object.fromEntries(
    d.worlds.map((w) => [w.folder, w.local && w.cloud ? "both" : w.local ? "local" : "cloud"] as const),
  );
}

export interface WorldChooserProps {
  description: ConflictDescription;
  /** Enter: one choice per changed world. */
  onDone: (worlds: Record<string, WorldChoice>) => void;
  /** Escape: back to the answers. */
  onBack: () => void;
  /** Ctrl+C. */
  onCancel: () => void;
  height: number;
}

/** Per-world answers: ↑/↓ picks a world, ←/→ (or c, l, b) sets what happens to it, Enter applies all. */
export function WorldChooser(props: WorldChooserProps) {
  const { worlds } = props.description;
  const [choices, setChoices] = useState(() => defaultWorldChoices(props.description));
  const choicesRef = useRef(choices);
  const [index, setIndex] = useState(0);
  const indexRef = useRef(0);
  const done = useRef(false);
  const set = (folder: string, choice: WorldChoice) => {
    choicesRef.current = { ...choicesRef.current, [folder]: choice };
    setChoices(choicesRef.current);
  };
  const cycle = (by: number) => {
    const folder = worlds[indexRef.current].folder;
    const at = ORDER.indexOf(choicesRef.current[folder]);
    set(folder, ORDER[(at + by + ORDER.length) % ORDER.length]);
  };

  useInput((input, key) => {
    if (done.current) return;
    const cancel = cancelKind(input, key);
    if (cancel) {
      done.current = true;
      return cancel === "escape" ? props.onBack() : props.onCancel();
    }
    if (key.upArrow || key.downArrow) {
      indexRef.current = (indexRef.current + (key.upArrow ? -1 : 1) + worlds.length) % worlds.length;
      setIndex(indexRef.current);
    } else if (key.leftArrow) cycle(-1);
    else if (key.rightArrow || input === " ") cycle(1);
    else if (input === "c" || input === "l" || input === "b") {
      set(worlds[indexRef.current].folder, input === "c" ? "cloud" : input === "l" ? "local" : "both");
    } else if (key.return) {
      done.current = true;
      props.onDone(choicesRef.current);
    }
  });

  // Show a window of worlds around the highlighted one (two lines each).
  const fit = Math.max(1, Math.floor((props.height - 2) / 2));
  const start = Math.min(Math.max(0, index - Math.floor(fit / 2)), Math.max(0, worlds.length - fit));
  const visible = worlds.slice(start, start + fit);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Choose per world</Text>
      {start > 0 ? <Text dimColor>{glyphs().up} {start} more</Text> : null}
      {visible.map((w, i) => {
        const at = start + i === index;
        const choice = choices[w.folder];
        return (
          <Box key={w.folder} flexDirection="column">
            <Text wrap="truncate-end">
              <Text bold>{at ? `${glyphs().pointer} ` : "  "}</Text>
              <Text bold={at}>{w.name}</Text>: <Text color="green">{LABEL[choice]}</Text>
              <Text dimColor>
                {w.warning && choice !== "local" ? `  ${glyphs().warn} newer game version` : ""}
              </Text>
            </Text>
            <Text dimColor wrap="truncate-end">
              {"    "}
              {at
                ? CONSEQUENCE[choice]
                : `here: ${worldSideText(w.local)} · cloud: ${worldSideText(w.cloud)}`}
            </Text>
          </Box>
        );
      })}
      {start + fit < worlds.length
        ? <Text dimColor>{glyphs().ellipsis} {worlds.length - start - fit} more</Text>
        : null}
      <Text dimColor wrap="truncate-end">
        {glyphs().upDown} world · {glyphs().leftRight} or c/l/b choose · enter apply · esc back
      </Text>
    </Box>
  );
}
