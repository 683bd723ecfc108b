import type { ConflictDescription, ConflictSide, WorldChange, WorldSide } from "../../core/ui.ts";
import { formatBytes, formatTime } from "./format.ts";

function sideLine(name: string, s: ConflictSide): string {
  const counts = `${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed`;
  return `  ${name}: ${s.machine}, ${formatTime(s.time)} — ${counts} (${s.files} files, ${
    formatBytes(s.bytes)
  })`;
}

function worldSide(machine: string, w: WorldSide | null): string {
  if (!w) return `${machine}: unchanged`;
  if (w.deleted) return `${machine}: deleted`;
  const played = w.lastPlayed ? `played ${formatTime(new Date(w.lastPlayed).toISOString())}` : "played ?";
  const version = w.versionName ? `, ${w.versionName}` : "";
  const size = w.bytes !== undefined ? `, ${formatBytes(w.bytes)}` : "";
  return `${machine}: ${played}${version}, ${w.changedFiles} file(s) changed${size}`;
}

function worldLine(d: ConflictDescription, w: WorldChange): string {
  return `  world "${w.name}" — ${worldSide(d.local.machine, w.local)}; ${
    worldSide(d.cloud.machine, w.cloud)
  }`;
}

/** The plain-text conflict description used by headless output (launcher logs): one line per world. */
export function describeConflictLines(d: ConflictDescription, listFiles = false): string[] {
  const why = d.reason === "fork"
    ? "the cloud has a version from another computer that was not based on this one"
    : d.reason === "first-sync"
    ? "this computer has its own files and the cloud already has a history"
    : "both this computer and the cloud changed since the last sync";
  const lines = [
    `Conflict in "${d.instanceLabel}": ${why}`,
    sideLine("this computer", d.local),
    sideLine("cloud", d.cloud),
  ];
  for (const w of d.worlds) {
    lines.push(worldLine(d, w));
    if (w.warning) lines.push(`  warning: ${w.warning}`);
  }
  if (d.otherFiles.local || d.otherFiles.cloud) {
    lines.push(`  other files — ${d.otherFiles.local} changed here, ${d.otherFiles.cloud} in the cloud`);
  }
  if (listFiles) {
    for (const [name, s] of [["this computer", d.local], ["cloud", d.cloud]] as const) {
      for (const f of s.added) lines.push(`    ${name} added ${f}`);
      for (const f of s.changed) lines.push(`    ${name} changed ${f}`);
      for (const f of s.removed) lines.push(`    ${name} removed ${f}`);
    }
  }
  return lines;
}
