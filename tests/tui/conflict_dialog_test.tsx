import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { ConflictChoice } from "../../core/ui.ts";
import { ConflictDialog } from "../../tui/ConflictDialog.tsx";
import { assertGolden } from "./golden.ts";
import { KEY, plain, press, sampleConflict, sampleWorldConflict, tick } from "./helpers.ts";

/** Renders the dialog at 80x24, presses `keys`, and returns the answers and the last frame. */
async function drive(keys: string[], manyFiles = 0, description = sampleConflict(manyFiles)) {
  const answers: ConflictChoice[] = [];
  const r = render(
    <ConflictDialog
      description={description}
      columns={80}
      rows={24}
      onChoice={(c) => answers.push(c)}
    />,
  );
  try {
    await tick();
    await press(r.stdin, ...keys);
    return { answers, frame: plain(r.lastFrame()) };
  } finally {
    r.unmount();
  }
}

Deno.test("ConflictDialog returns use-cloud on enter, the first choice", async () => {
  assert.deepEqual((await drive([KEY.enter])).answers, ["use-cloud"]);
});

Deno.test("ConflictDialog returns keep-local after one arrow down and enter", async () => {
  assert.deepEqual((await drive([KEY.down, KEY.enter])).answers, ["keep-local"]);
});

Deno.test("ConflictDialog returns cancel after two arrows down and enter when no world changed", async () => {
  assert.deepEqual((await drive([KEY.down, KEY.down, KEY.enter])).answers, ["cancel"]);
});

Deno.test("ConflictDialog lists changed worlds with both sides and the version warning", async () => {
  const { frame } = await drive([], 0, sampleWorldConflict());
  assert.match(frame, /New World/);
  assert.match(frame, /this computer \(laptop\): played .* · 1\.21\.1 · 2 files/);
  assert.match(frame, /cloud \(desktop\): played .* · 1\.21\.4/);
  assert.match(frame, /⚠ "New World": the cloud copy was last saved by Minecraft 1\.21\.4/);
  assert.match(frame, /Castle/);
  assert.match(frame, /cloud \(desktop\): unchanged/);
  assert.match(frame, /Keep both/);
  assert.ok(frame.split("\n").length <= 24, `the dialog fits 80x24:\n${frame}`);
});

Deno.test("ConflictDialog returns keep-both after two arrows down and enter when worlds changed", async () => {
  assert.deepEqual((await drive([KEY.down, KEY.down, KEY.enter], 0, sampleWorldConflict())).answers, [
    "keep-both",
  ]);
});

Deno.test("ConflictDialog per-world view returns one choice per world", async () => {
  // Choose per world…, then: New World → local (c→l with "l"), Castle → cloud ("c"), enter.
  const keys = [KEY.down, KEY.down, KEY.down, KEY.enter, "l", KEY.down, "c", KEY.enter];
  const { answers } = await drive(keys, 0, sampleWorldConflict());
  assert.deepEqual(answers, [{ worlds: { "saves/New World": "local", "saves/Castle": "cloud" } }]);
});

Deno.test("ConflictDialog per-world view starts from the keep-both rule and cycles with arrows", async () => {
  const keys = [KEY.down, KEY.down, KEY.down, KEY.enter, KEY.right, KEY.enter];
  const { answers } = await drive(keys, 0, sampleWorldConflict());
  // New World changed on both sides: "both", one step right wraps to "cloud"; Castle only here: "local".
  assert.deepEqual(answers, [{ worlds: { "saves/New World": "cloud", "saves/Castle": "local" } }]);
});

Deno.test("ConflictDialog per-world view goes back on escape and still answers", async () => {
  const keys = [KEY.down, KEY.down, KEY.down, KEY.enter, KEY.escape, KEY.enter];
  const { answers } = await drive(keys, 0, sampleWorldConflict());
  assert.deepEqual(answers, ["use-cloud"]);
});

Deno.test("ConflictDialog wraps from the first choice up to Cancel launch", async () => {
  assert.deepEqual((await drive([KEY.up, KEY.enter])).answers, ["cancel"]);
});

Deno.test("ConflictDialog returns keep-local when arrow down and enter arrive in one chunk", async () => {
  assert.deepEqual((await drive([KEY.down + KEY.enter])).answers, ["keep-local"]);
});

Deno.test("ConflictDialog returns cancel on Escape", async () => {
  assert.deepEqual((await drive([KEY.down, KEY.escape])).answers, ["cancel"]);
});

Deno.test("ConflictDialog returns cancel on Ctrl+C", async () => {
  assert.deepEqual((await drive([KEY.ctrlC])).answers, ["cancel"]);
});

Deno.test("ConflictDialog answers only once when enter is pressed twice", async () => {
  assert.deepEqual((await drive([KEY.down, KEY.enter, KEY.enter])).answers, ["keep-local"]);
});

Deno.test("ConflictDialog shows both sides and each choice with its consequence", async () => {
  const { frame, answers } = await drive([]);
  assert.deepEqual(answers, []);
  for (
    const text of [
      'Conflict in "Cozy Pack"',
      "This computer",
      "Cloud · bbbbbbbb",
      "on laptop",
      "on desktop",
      "2 added · 2 changed · 1 removed",
      "1 added · 2 changed · 0 removed",
      "1204 files · 700 MiB",
      "❯ Use the cloud's version",
      "saved as a snapshot tagged conflict-backup",
      "Keep this computer's version",
      "The next push supersedes the cloud's snapshot, which stays in history.",
      "Cancel launch",
      "Nothing changes; the game does not start.",
    ]
  ) assert.ok(frame.includes(text), `frame lacks ${JSON.stringify(text)}:\n${frame}`);
  const lines = frame.split("\n");
  assert.ok(lines.length <= 23, `the dialog needs ${lines.length} rows, more than 80x24 allows`);
  assert.ok(lines.every((l) => l.length <= 80), "a line is wider than 80 columns");
  assert.match(
    lines.find((l) => l.includes("This computer"))!,
    /This computer.*│ │ Cloud/,
    "sides are side by side",
  );
});

Deno.test("ConflictDialog at 80 columns matches its golden frame", async () => {
  await assertGolden("conflict_dialog_80", (await drive([KEY.down])).frame);
});

Deno.test("ConflictDialog with changed worlds at 80x24 matches its golden frame", async () => {
  await assertGolden(
    "conflict_dialog_worlds_80",
    (await drive([KEY.down, KEY.down], 0, sampleWorldConflict())).frame,
  );
});

Deno.test("ConflictDialog per-world view at 80x24 matches its golden frame", async () => {
  const keys = [KEY.down, KEY.down, KEY.down, KEY.enter, KEY.down];
  await assertGolden("conflict_dialog_per_world_80", (await drive(keys, 0, sampleWorldConflict())).frame);
});

Deno.test("ConflictDialog details view lists the changed files of both sides", async () => {
  const { frame, answers } = await drive(["d"]);
  assert.deepEqual(answers, []);
  for (
    const text of [
      "This computer: 2 added · 2 changed · 1 removed",
      "+ screenshots/2026-11-24_17.50.12.png",
      "~ options.txt",
      "- saves/Old/level.dat",
      "Cloud: 1 added · 2 changed · 0 removed",
      "+ saves/Farm/level.dat",
      "~ servers.dat",
    ]
  ) assert.ok(frame.includes(text), `details lack ${JSON.stringify(text)}:\n${frame}`);
  assert.ok(!frame.includes("Cancel launch"), "the choices are hidden while details show");
});

Deno.test("ConflictDialog details view truncates a long list with … N more and scrolls", async () => {
  const first = await drive(["d"], 40);
  assert.match(first.frame, /… \d+ more/);
  assert.ok(first.frame.split("\n").length <= 24);
  const scrolled = await drive(["d", KEY.down, KEY.down, KEY.down], 40);
  assert.match(scrolled.frame, /↑ 3 more/);
  assert.ok(!scrolled.frame.includes("screenshots/2026-11-24_17.50.12.png"), "scrolled past the first file");
});

Deno.test("ConflictDialog Escape in the details view goes back to the choices, keeping the highlight", async () => {
  const { answers, frame } = await drive([KEY.down, "d", KEY.escape, KEY.enter]);
  assert.deepEqual(answers, ["keep-local"]);
  assert.ok(frame.includes("Keep this computer's version"));
});

Deno.test("ConflictDialog stacks the sides on a narrow terminal", async () => {
  const answers: ConflictChoice[] = [];
  const r = render(
    <ConflictDialog
      description={sampleConflict()}
      columns={44}
      rows={40}
      onChoice={(c) => answers.push(c)}
    />,
  );
  try {
    await tick();
    const lines = plain(r.lastFrame()).split("\n");
    const local = lines.findIndex((l) => l.includes("This computer"));
    const cloud = lines.findIndex((l) => l.includes("Cloud · bbbbbbbb"));
    assert.ok(local >= 0 && cloud > local, "cloud card comes below this computer's card");
  } finally {
    r.unmount();
  }
});
