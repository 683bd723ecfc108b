import { Box, Text, useInput } from "ink";
import { useCallback, useMemo, useState } from "react";
import type { DiscoveredInstance } from "../../core/launchers/types.ts";
import { type Choice, ChoiceList } from "../ChoiceList.tsx";
import type { CancelKey } from "../keys.ts";
import { actionsFor, type HomeAction, type HomePick, launcherName, stateLine } from "./actions.ts";

export interface HomeScreenProps {
  instances: DiscoveredInstance[];
  /** What the last action did (lines), shown above the list. */
  message?: string[];
  /** Highlight this instance first (the one the last action was about). */
  initial?: number;
  onPick: (pick: HomePick) => void;
  onQuit: () => void;
}

/**
 * `instance-sync` in a terminal: the launchers' instances with their sync and hook state; Enter opens
 * what can be done with one (set up, wire the hooks, history, pause/resume, check), Escape goes back,
 * q or Escape on the list quits.
 */
export function HomeScreen(props: HomeScreenProps) {
  const { instances, onPick, onQuit } = props;
  const [open, setOpen] = useState<number | null>(null);
  // Back on the list, the instance just left stays highlighted.
  const [highlight, setHighlight] = useState(props.initial ?? 0);
  const rows = useMemo((): Choice<string>[] =>
    instances.map((i, n) => ({
      value: String(n),
      label: i.name,
      hint: `${launcherName(i)} · ${stateLine(i)}`,
    })), [instances]);
  const actions = useMemo(
    (): Choice<HomeAction | "back">[] =>
      open === null ? [] : [...actionsFor(instances[open]), { value: "back", label: "Back" }],
    [open, instances],
  );
  const choose = useCallback((v: string) => {
    setOpen(Number(v));
    setHighlight(Number(v));
  }, []);
  const leave = useCallback((_how: CancelKey) => onQuit(), [onQuit]);
  const act = useCallback((v: HomeAction | "back") => {
    if (v === "back") setOpen(null);
    else onPick({ action: v, index: open! });
  }, [open, onPick]);
  const back = useCallback((how: CancelKey) => how === "escape" ? setOpen(null) : onQuit(), [onQuit]);
  useInput((input) => {
    if (input === "q") onQuit();
  }, { isActive: open === null });

  return (
    <Box flexDirection="column">
      <Text bold>instance-sync</Text>
      {props.message?.map((line, n) => <Text key={n} wrap="wrap">{line}</Text>)}
      <Box marginTop={1} flexDirection="column">
        {instances.length === 0
          ? (
            <>
              <Text>No launcher instances found (Prism Launcher, MultiMC, ATLauncher, Modrinth App).</Text>
              <Text dimColor>
                Run `instance-sync setup` in an instance's game folder, or `hooks install
                --launcher-dir=PATH`.
              </Text>
            </>
          )
          : open === null
          ? (
            <>
              <Text>Your instances:</Text>
              <ChoiceList
                key="list"
                choices={rows}
                initial={highlight}
                onChoice={choose}
                onCancel={leave}
                compactHints={rows.length > 6}
                visible={rows.length > 8 ? 8 : undefined}
              />
            </>
          )
          : (
            <>
              <Text>
                <Text bold>{instances[open].name}</Text> · {launcherName(instances[open])}
              </Text>
              <Text dimColor>{stateLine(instances[open])}</Text>
              {instances[open].hooks.state === "broken" && instances[open].hooks.detail
                ? <Text color="yellow" wrap="wrap">Broken: {instances[open].hooks.detail}</Text>
                : null}
              <Text dimColor wrap="truncate-middle">{instances[open].gameDir}</Text>
              <Box marginTop={1}>
                <ChoiceList key={`menu-${open}`} choices={actions} onChoice={act} onCancel={back} />
              </Box>
            </>
          )}
      </Box>
      <Text dimColor>
        {open === null ? "↑/↓ choose · enter open · q quit" : "↑/↓ choose · enter do it · esc back"}
      </Text>
    </Box>
  );
}
