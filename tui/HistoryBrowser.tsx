import { Box, Text } from "ink";
import { useCallback, useMemo, useState } from "react";
import type { WorldSummary, WorldVersion } from "../core/sync/worldHistory.ts";
import { formatBytes, formatTime } from "../core/format.ts";
import { printable } from "../core/printable.ts";
import { type Choice, ChoiceList } from "./ChoiceList.tsx";
import type { CancelKey } from "./keys.ts";
import { glyphs } from "./glyphs.ts";

/** What the player picked: bring `snapshot`'s version of `folder` back over it, or as a copy. */
export interface BrowserPick {
  action: "restore" | "copy";
  folder: string;
  snapshot: string;
}

export interface HistoryBrowserProps {
  instanceLabel: string;
  worlds: readonly WorldSummary[];
  /** folder → its versions, newest first. */
  timelines: Readonly<Record<string, readonly WorldVersion[]>>;
  /** Called once: the pick, or null when the player leaves (Escape on the world list, Ctrl+C). */
  onDone: (pick: BrowserPick | null) => void;
}

type Screen =
  | { kind: "worlds" }
  | { kind: "timeline"; folder: string }
  | { kind: "version"; folder: string; version: WorldVersion };

/** The only answer when there is nothing to browse. */
const LEAVE: Choice<string>[] = [{ value: "", label: "Leave" }];

/** Rows for the list on one screen: 80x24 leaves room for a title, a hint line and the arrows. */
const ROWS = 14;

const when = (ms: number | null | undefined) => (ms ? formatTime(new Date(ms).toISOString()) : "never");

/** A version's one-line description: time, machine, what happened, and the world's state in it. */
export function versionLabel(v: WorldVersion): string {
  return `${formatTime(v.time)}  ${printable(v.host)}  ${v.change}` + (v.head ? "  (newest)" : "") +
    (v.sideCopy ? `  (${v.tags.includes("pre-restore") ? "saved before a restore" : "conflict copy"})` : "");
}

function versionHint(v: WorldVersion): string {
  if (v.change === "removed") return "the world was deleted in this snapshot";
  const parts = [`played ${when(v.lastPlayed)}`];
  if (v.version) parts.push(v.version);
  if (v.bytes !== undefined) parts.push(formatBytes(v.bytes));
  parts.push(v.shortId);
  return parts.join(" · ");
}

/**
 * The history browser: worlds → one world's timeline → a version → restore over the current world,
 * restore as a copy, or back. Escape goes back one screen (and leaves from the world list).
 */
export function HistoryBrowser(props: HistoryBrowserProps) {
  const { worlds, timelines, onDone } = props;
  const [screen, setScreen] = useState<Screen>({ kind: "worlds" });
  const [done, setDone] = useState(false);
  const [lastWorld, setLastWorld] = useState(0);
  const [lastVersion, setLastVersion] = useState(0);
  const finish = useCallback((pick: BrowserPick | null) => {
    setDone(true);
    onDone(pick);
  }, [onDone]);

  const worldChoices = useMemo<Choice<string>[]>(() =>
    worlds.map((w) => ({
      value: w.folder,
      label: printable(w.name + (w.folder !== `saves/${w.name}` ? `  (${w.folder.slice(6)})` : "")),
      hint: [
        `played ${when(w.lastPlayed)}`,
        w.bytes === null ? "not on this computer" : formatBytes(w.bytes),
        `${w.versions} version${w.versions === 1 ? "" : "s"}`,
      ].join(" · "),
    })), [worlds]);

  const onCancel = useCallback((how: CancelKey) => {
    if (how === "interrupt" || screen.kind === "worlds") return finish(null);
    setScreen(screen.kind === "version" ? { kind: "timeline", folder: screen.folder } : { kind: "worlds" });
  }, [screen, finish]);

  const name = (folder: string) =>
    printable(worlds.find((w) => w.folder === folder)?.name ?? folder.slice(6));

  if (screen.kind === "worlds") {
    return (
      <Box flexDirection="column">
        <Text bold>{`Worlds of "${printable(props.instanceLabel)}"`}</Text>
        <Text dimColor>{glyphs().upDown} choose · Enter: its history · Esc: leave</Text>
        {worlds.length === 0 ? <Text>No worlds yet: nothing in saves/ and nothing in history</Text> : null}
        <ChoiceList
          key="worlds"
          choices={worldChoices.length ? worldChoices : LEAVE}
          initial={Math.min(lastWorld, Math.max(0, worldChoices.length - 1))}
          compactHints
          visible={ROWS}
          isActive={!done}
          onCancel={onCancel}
          onChoice={(folder) => {
            if (folder === "") return finish(null);
            setLastWorld(worldChoices.findIndex((c) => c.value === folder));
            setLastVersion(0);
            setScreen({ kind: "timeline", folder });
          }}
        />
      </Box>
    );
  }

  const versions = timelines[screen.folder] ?? [];
  if (screen.kind === "timeline") {
    const choices: Choice<string>[] = versions.length
      ? versions.map((v) => ({ value: v.id, label: versionLabel(v), hint: versionHint(v) }))
      : [{ value: "back", label: "Back", hint: "no snapshot has this world yet: the next push uploads it" }];
    return (
      <Box flexDirection="column">
        <Text bold>{`"${name(screen.folder)}": ${versions.length} version(s), newest first`}</Text>
        <Text dimColor>{glyphs().upDown} choose · Enter: this version · Esc: back to the worlds</Text>
        <ChoiceList
          key={`timeline ${screen.folder}`}
          choices={choices}
          initial={Math.min(lastVersion, choices.length - 1)}
          compactHints
          visible={ROWS}
          isActive={!done}
          onCancel={onCancel}
          onChoice={(id) => {
            const version = versions.find((v) => v.id === id);
            if (!version) return setScreen({ kind: "worlds" });
            setLastVersion(versions.indexOf(version));
            setScreen({ kind: "version", folder: screen.folder, version });
          }}
        />
      </Box>
    );
  }

  const v = screen.version;
  const here = worlds.find((w) => w.folder === screen.folder)?.bytes !== null;
  const actions: Choice<"restore" | "copy" | "back">[] = v.change === "removed"
    ? [{ value: "back", label: "Back", hint: "this snapshot has no copy of the world: pick an earlier one" }]
    : [
      {
        value: "restore",
        label: here ? "Restore over the current world (it is saved first)" : "Restore this world",
        hint: "only this world's folder changes; the current one is saved first",
      },
      {
        value: "copy",
        label: "Restore as a copy",
        hint: `a second world "${name(screen.folder)} (${
          formatTime(v.time).slice(0, 10)
        })" beside the current one`,
      },
      { value: "back", label: "Back", hint: "to the timeline" },
    ];
  return (
    <Box flexDirection="column">
      <Text bold>{`"${name(screen.folder)}" as of ${formatTime(v.time)} from ${printable(v.host)}`}</Text>
      <Text dimColor>{versionHint(v)}</Text>
      <Box marginTop={1}>
        <ChoiceList
          key={`version ${v.id}`}
          choices={actions}
          isActive={!done}
          onCancel={onCancel}
          onChoice={(a) =>
            a === "back"
              ? setScreen({ kind: "timeline", folder: screen.folder })
              : finish({ action: a, folder: screen.folder, snapshot: v.id })}
        />
      </Box>
    </Box>
  );
}
