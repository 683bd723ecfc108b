import { z } from "zod";
import { relativeTreePath } from "./progress.ts";

/** One entry of a snapshot. */
export interface LsEntry {
  /** Relative to the pack folder, no leading slash: `saves/World/level.dat`. */
  path: string;
  type: "file" | "dir" | "symlink" | string;
  /** Files only. */
  size?: number;
  /** ISO 8601, as restic wrote it. */
  mtime: string;
  /** The inode the file had on the computer that backed it up (absent where the OS has none). */
  inode?: number;
}

/** restic ≥ 0.17 tags ls lines with `message_type`, older ones only with `struct_type`. */
const LsLine = z.object({
  message_type: z.string().optional(),
  struct_type: z.string().optional(),
  path: z.string().optional(),
  type: z.string().optional(),
  size: z.number().optional(),
  mtime: z.string().optional(),
  inode: z.number().optional(),
});

/** Parses `restic ls --json <id>` output: the first line is the snapshot, then one line per node. */
export function parseLs(lines: string[]): LsEntry[] {
  const entries: LsEntry[] = [];
  for (const line of lines) {
    if (!line.trim().startsWith("{")) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    const p = LsLine.safeParse(raw);
    if (!p.success || (p.data.message_type ?? p.data.struct_type) !== "node" || !p.data.path) continue;
    const path = relativeTreePath(p.data.path);
    if (path === "") continue;
    entries.push({
      path,
      type: p.data.type ?? "file",
      ...(p.data.type === "file" || p.data.size !== undefined ? { size: p.data.size ?? 0 } : {}),
      mtime: p.data.mtime ?? "",
      ...(p.data.inode ? { inode: p.data.inode } : {}),
    });
  }
  return entries;
}
