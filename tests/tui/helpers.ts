import type { ConflictDescription, ConflictSide } from "../../core/ui.ts";

/** Key sequences a terminal sends. */
export const KEY = {
  up: "\u001B[A",
  down: "\u001B[B",
  right: "\u001B[C",
  left: "\u001B[D",
  enter: "\r",
  escape: "\u001B",
  ctrlC: "\u0003",
  backspace: "\u007F",
} as const;

/** Lets Ink read the input, re-render and flush (a lone Escape waits 20 ms to rule out a sequence). */
export function tick(ms = 60): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Writes keys one at a time, as a person would, waiting for a render after each. */
export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await tick();
  }
}

/** Polls until `probe` returns true (frames arrive asynchronously), failing after `ms`. */
export async function waitFor(probe: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await tick(20);
  }
}

/** Strips ANSI colors and cursor codes so frames compare as plain text. */
export function plain(frame: string | undefined): string {
  // deno-lint-ignore no-control-regex
  return (frame ?? "").replace(/\u001B\[[0-9;?]*[A-Za-z]/g, "").replace(/\u001B\][^\u0007]*\u0007/g, "");
}

function side(s: Partial<ConflictSide> & Pick<ConflictSide, "side" | "machine">): ConflictSide {
  return { time: null, added: [], changed: [], removed: [], bytes: 0, files: 0, ...s };
}

/** A fixed conflict: this laptop played in "New World", the desktop pushed a different session. */
export function sampleConflict(manyFiles = 0): ConflictDescription {
  const extra = Array.from({ length: manyFiles }, (_, i) => `saves/New World/region/r.${i}.0.mca`);
  return {
    reason: "both-changed",
    instanceLabel: "Cozy Pack",
    packFolder: "/home/alex/.local/share/PrismLauncher/instances/Cozy Pack/.minecraft",
    base: { id: "a".repeat(64), shortId: "aaaaaaaa", time: "2026-11-20T10:00:00Z", host: "laptop" },
    local: side({
      side: "local",
      machine: "laptop",
      time: "2026-11-24T17:52:00Z",
      label: "Cozy Pack",
      added: ["screenshots/2026-11-24_17.50.12.png", "saves/Castle/level.dat"],
      changed: ["options.txt", "saves/New World/level.dat", ...extra],
      removed: ["saves/Old/level.dat"],
      bytes: 734_003_200,
      files: 1204,
    }),
    cloud: side({
      side: "cloud",
      machine: "desktop",
      time: "2026-11-24T18:03:00Z",
      label: "Cozy Pack",
      snapshot: { id: "b".repeat(64), shortId: "bbbbbbbb", time: "2026-11-24T18:03:00Z", host: "desktop" },
      added: ["saves/Farm/level.dat"],
      changed: ["saves/New World/region/r.0.0.mca", "servers.dat"],
      removed: [],
      bytes: 728_760_320,
      files: 1199,
    }),
    worlds: [],
    otherFiles: { local: 3, cloud: 1 },
  };
}

/** The same conflict seen per world: two worlds changed, one of them on both sides (with a version warning). */
export function sampleWorldConflict(): ConflictDescription {
  const base = sampleConflict();
  return {
    ...base,
    worlds: [
      {
        folder: "saves/New World",
        name: "New World",
        local: {
          lastPlayed: Date.parse("2026-11-24T17:50:00Z"),
          versionName: "1.21.1",
          changedFiles: 2,
          bytes: 2048,
          deleted: false,
        },
        cloud: {
          lastPlayed: Date.parse("2026-11-24T18:01:00Z"),
          versionName: "1.21.4",
          changedFiles: 1,
          bytes: 4096,
          deleted: false,
        },
        warning:
          '"New World": the cloud copy was last saved by Minecraft 1.21.4, newer than this computer\'s 1.21.1',
      },
      {
        folder: "saves/Castle",
        name: "Castle",
        local: {
          lastPlayed: Date.parse("2026-11-24T17:40:00Z"),
          versionName: "1.21.1",
          changedFiles: 1,
          deleted: false,
        },
        cloud: null,
      },
    ],
    otherFiles: { local: 2, cloud: 1 },
  };
}
