import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { WorldSummary, WorldVersion } from "../../core/sync/worldHistory.ts";
import { type BrowserPick, HistoryBrowser } from "../../tui/HistoryBrowser.tsx";
import { assertGolden } from "./golden.ts";
import { KEY, plain, press, tick } from "./helpers.ts";

const WORLDS: WorldSummary[] = [
  {
    folder: "saves/My Base",
    name: "My Base",
    lastPlayed: Date.parse("2026-11-24T17:50:00Z"),
    bytes: 12_582_912,
    versions: 3,
  },
  {
    folder: "saves/Sky ☁ 日本",
    name: "Skyblock ☁ 日本",
    lastPlayed: Date.parse("2026-11-20T10:00:00Z"),
    bytes: 2048,
    versions: 1,
  },
  {
    folder: "saves/Gone",
    name: "Gone",
    lastPlayed: Date.parse("2026-10-01T10:00:00Z"),
    bytes: null,
    versions: 2,
  },
];

function version(n: number, over: Partial<WorldVersion> = {}): WorldVersion {
  const id = String(n).repeat(64);
  return {
    id,
    shortId: id.slice(0, 8),
    time: `2026-11-2${n}T12:00:00Z`,
    host: n % 2 ? "laptop" : "desktop",
    parent: null,
    tags: ["instance-sync"],
    head: false,
    base: false,
    sideCopy: false,
    fork: false,
    change: "changed",
    lastPlayed: Date.parse(`2026-11-2${n}T11:55:00Z`),
    version: "1.21.4",
    bytes: 1024 * n,
    ...over,
  };
}

const TIMELINES: Record<string, WorldVersion[]> = {
  "saves/My Base": [version(4, { head: true }), version(3), version(1, { change: "added" })],
  "saves/Sky ☁ 日本": [version(2, { change: "added" })],
  "saves/Gone": [version(3, { change: "removed" }), version(1, { change: "added" })],
};

async function drive(keys: string[]) {
  const picks: (BrowserPick | null)[] = [];
  const frames: string[] = [];
  const r = render(
    <HistoryBrowser
      instanceLabel="Cozy Pack"
      worlds={WORLDS}
      timelines={TIMELINES}
      onDone={(p) => picks.push(p)}
    />,
  );
  try {
    await tick();
    frames.push(plain(r.lastFrame()));
    for (const k of keys) {
      await press(r.stdin, k);
      frames.push(plain(r.lastFrame()));
    }
    return { picks, frames };
  } finally {
    r.unmount();
  }
}

Deno.test("HistoryBrowser lists the worlds with last played, size and versions", async () => {
  const { frames } = await drive([]);
  await assertGolden("history_browser_worlds", frames[0]);
  assert.match(frames[0], /❯ My Base/);
  assert.match(frames[0], /played .* · 12 MiB · 3 versions/);
  assert.match(frames[0], /Skyblock ☁ 日本 {2}\(Sky ☁ 日本\)/);
});

Deno.test("HistoryBrowser: three Enters bring back the newest version over the current world", async () => {
  const { picks, frames } = await drive([KEY.enter, KEY.enter, KEY.enter]);
  assert.match(frames[1], /"My Base": 3 version\(s\), newest first/);
  assert.match(frames[1], /desktop {2}changed {2}\(newest\)/);
  assert.match(frames[2], /Restore over the current world \(it is saved first\)/);
  assert.match(frames[2], /Restore as a copy/);
  await assertGolden("history_browser_version", frames[2]);
  assert.deepEqual(picks, [{ action: "restore", folder: "saves/My Base", snapshot: "4".repeat(64) }]);
});

Deno.test("HistoryBrowser: an older version restored as a copy", async () => {
  const { picks } = await drive([KEY.enter, KEY.down, KEY.down, KEY.enter, KEY.down, KEY.enter]);
  assert.deepEqual(picks, [{ action: "copy", folder: "saves/My Base", snapshot: "1".repeat(64) }]);
});

Deno.test("HistoryBrowser: Back and Escape step back one screen, Escape on the worlds leaves", async () => {
  const { picks, frames } = await drive([
    KEY.down,
    KEY.enter,
    KEY.enter,
    KEY.down,
    KEY.down,
    KEY.enter, // Back → timeline of Skyblock
    KEY.escape, // → worlds, Skyblock still highlighted
    KEY.escape, // leave
  ]);
  assert.match(frames[6], /"Skyblock ☁ 日本": 1 version\(s\)/);
  assert.match(frames[7], /❯ Skyblock ☁ 日本/);
  assert.deepEqual(picks, [null]);
});

Deno.test("HistoryBrowser offers no restore of a snapshot that deleted the world; Ctrl+C leaves", async () => {
  const { picks, frames } = await drive([KEY.down, KEY.down, KEY.enter, KEY.enter, KEY.ctrlC]);
  assert.match(frames[3], /deleted in this snapshot/);
  assert.doesNotMatch(frames[3], /Restore/);
  assert.deepEqual(picks, [null]);
});

Deno.test("HistoryBrowser scrolls a long timeline within the screen", async () => {
  const many = Array.from({ length: 40 }, (_, i) => version((i % 9) + 1, { id: `${i}`.padStart(64, "a") }));
  const picks: (BrowserPick | null)[] = [];
  const r = render(
    <HistoryBrowser
      instanceLabel="Cozy Pack"
      worlds={WORLDS}
      timelines={{ ...TIMELINES, "saves/My Base": many }}
      onDone={(p) => picks.push(p)}
    />,
  );
  try {
    await tick();
    await press(r.stdin, KEY.enter, ...Array(20).fill(KEY.down));
    const frame = plain(r.lastFrame());
    assert.ok(frame.split("\n").length <= 22, `too tall:\n${frame}`);
    assert.match(frame, /↑ \d+ more/);
    assert.match(frame, /↓ \d+ more/);
    await press(r.stdin, KEY.enter, KEY.enter);
    assert.deepEqual(picks, [{ action: "restore", folder: "saves/My Base", snapshot: many[20].id }]);
  } finally {
    r.unmount();
  }
});

Deno.test("HistoryBrowser with no worlds says so and leaves on Enter", async () => {
  const picks: (BrowserPick | null)[] = [];
  const r = render(
    <HistoryBrowser instanceLabel="Empty" worlds={[]} timelines={{}} onDone={(p) => picks.push(p)} />,
  );
  try {
    await tick();
    assert.match(plain(r.lastFrame()), /No worlds yet/);
    await press(r.stdin, KEY.down, KEY.enter);
    assert.deepEqual(picks, [null]);
  } finally {
    r.unmount();
  }
});
