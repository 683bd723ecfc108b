import type { ConflictDescription, ConflictSide } from "../../core/ui.ts";
import { formatBytes, formatTime } from "./format.ts";

function sideLine(name: string, s: ConflictSide): string {
  const counts = `${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed`;
  return `  ${name}: ${s.machine}, ${formatTime(s.time)} — ${counts} (${s.files} files, ${
    formatBytes(s.bytes)
  })`;
}

/** The plain-text conflict description used by headless output (launcher logs). */
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
  if (listFiles) {
    for (const [name, s] of [["this computer", d.local], ["cloud", d.cloud]] as const) {
      for (const f of s.added) lines.push(`    ${name} added ${f}`);
      for (const f of s.changed) lines.push(`    ${name} changed ${f}`);
      for (const f of s.removed) lines.push(`    ${name} removed ${f}`);
    }
  }
  return lines;
}
