import { Box, Text } from "ink";
import type { ConflictDescription, WorldChange, WorldSide } from "../core/ui.ts";
import { formatBytes, formatTime } from "../core/format.ts";
import { glyphs } from "./glyphs.ts";
import { printable } from "../core/printable.ts";

/** How many worlds the dialog lists before "… N more" (keeps the screen within 80x24). */
export const WORLDS_SHOWN = 3;

/** "played 2026-11-24 17:52 · 1.21.1 · 14 files, 12 MiB", or "unchanged" / "deleted". */
export function worldSideText(w: WorldSide | null): string {
  if (!w) return "unchanged";
  if (w.deleted) return "deleted";
  const parts = [w.lastPlayed ? `played ${formatTime(new Date(w.lastPlayed).toISOString())}` : "played ?"];
  if (w.versionName) parts.push(w.versionName);
  parts.push(
    `${w.changedFiles} file${w.changedFiles === 1 ? "" : "s"}${w.bytes ? `, ${formatBytes(w.bytes)}` : ""}`,
  );
  return parts.join(" · ");
}

function WorldRow(props: { world: WorldChange; local: string; cloud: string }) {
  const { world } = props;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{world.name}</Text>
        <Text dimColor>{world.folder !== `saves/${world.name}` ? `  (${printable(world.folder)})` : ""}</Text>
      </Text>
      <Text wrap="truncate-end">
        {"  "}
        <Text bold>{props.local}:</Text> {worldSideText(world.local)}
      </Text>
      <Text wrap="truncate-end">
        {"  "}
        <Text bold>{props.cloud}:</Text> {worldSideText(world.cloud)}
      </Text>
      {world.warning
        ? <Text color="magenta" bold wrap="truncate-end">{`  ${glyphs().warn} ${world.warning}`}</Text>
        : null}
    </Box>
  );
}

/** The conflict per world: each changed world with both sides' last played time, version and size. */
export function WorldRows(props: { description: ConflictDescription }) {
  const d = props.description;
  const shown = d.worlds.slice(0, WORLDS_SHOWN);
  const more = d.worlds.length - shown.length;
  const local = `this computer (${d.local.machine})`;
  const cloud = `cloud (${d.cloud.machine})`;
  const other = d.otherFiles.local + d.otherFiles.cloud;
  return (
    <Box flexDirection="column" marginTop={1}>
      {shown.map((w) => <WorldRow key={w.folder} world={w} local={local} cloud={cloud} />)}
      {more > 0
        ? (
          <Text dimColor>
            {glyphs().ellipsis} {more} more world{more === 1 ? "" : "s"} (choose per world to see all)
          </Text>
        )
        : null}
      {other > 0
        ? (
          <Text dimColor wrap="truncate-end">
            Other files: {d.otherFiles.local} changed here, {d.otherFiles.cloud} in the cloud (d lists them)
          </Text>
        )
        : null}
    </Box>
  );
}
