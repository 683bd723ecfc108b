/** A conflict question for the browser tests: one changed world per folder, both sides changed. */
import type { ConflictDescription } from "../../../core/ui.ts";

const side = (s: "local" | "cloud", machine: string) => ({
  side: s,
  machine,
  time: "2026-12-01T10:00:00Z",
  added: [],
  changed: ["saves/World/level.dat"],
  removed: [],
  bytes: 10,
  files: 1,
});
const world = (folder: string) => ({
  folder,
  name: folder.slice(6),
  local: { lastPlayed: 1, changedFiles: 1, deleted: false },
  cloud: { lastPlayed: 2, changedFiles: 1, deleted: false },
});
export function conflictQuestion(
  folders = ["saves/World"],
): { kind: "conflict"; description: ConflictDescription } {
  return {
    kind: "conflict",
    description: {
      reason: "both-changed",
      instanceLabel: "Pack",
      packFolder: "/home/player/secret-place/.minecraft",
      base: null,
      local: side("local", "pc-b"),
      cloud: side("cloud", "pc-a"),
      worlds: folders.map(world),
      otherFiles: { local: 0, cloud: 0 },
    },
  };
}
