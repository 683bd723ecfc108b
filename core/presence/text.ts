/** The words of the warning (docs/presence.md), shared by every front end and the --json events. */
import type { PlayingElsewhere } from "../ui.ts";

/** Past this age a record is "last seen playing … (may have crashed)" and no longer asks. */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** `14:02` today, `2026-12-06 14:02` on another day (local time: the player reads it at the launch). */
export function clockTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() &&
    d.getDate() === now.getDate();
  return sameDay ? hm : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** The question's text: who plays what since when, and what playing here now costs. */
export function playingElsewhereText(p: PlayingElsewhere, now = new Date()): string {
  if (p.stale) {
    return `${p.displayName} was last seen playing "${p.instanceLabel}" at ${clockTime(p.since, now)} ` +
      "(may have crashed) and has not uploaded since";
  }
  return `${p.displayName} has been playing "${p.instanceLabel}" since ${clockTime(p.since, now)} and has ` +
    "not uploaded yet. If you play here now, you will have to choose between the two versions later.";
}
