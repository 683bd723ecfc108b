import assert from "node:assert/strict";
import { changedSinceJournal, laterChanges } from "../../../core/sync/laterChanges.ts";
import type { Manifest } from "../../../core/sync/state.ts";

/** The folder before the restore, and the snapshot the restore brings (size, mtime in ms). */
const before: Manifest = {
  "options.txt": [7, 1_000],
  "saves/W/level.dat": [10, 2_000],
  "saves/Gone/level.dat": [5, 3_000], // not in the snapshot: the cleanup removes it
};
const snapshot: Manifest = {
  "options.txt": [9, 5_000],
  "saves/W/level.dat": [12, 6_000],
  "saves/New/level.dat": [4, 7_000], // not here before: restic writes it
};

Deno.test("laterChanges() sees nothing in any state the restore itself leaves", () => {
  // Untouched, half restored (some files written, some not yet, the cleanup not run), fully restored.
  assert.deepEqual(laterChanges(before, before, snapshot), []);
  assert.deepEqual(laterChanges({ ...before, "options.txt": [9, 5_000] }, before, snapshot), []);
  assert.deepEqual(laterChanges(snapshot, before, snapshot), []);
  assert.equal(changedSinceJournal(before, before), false);
  assert.equal(changedSinceJournal(snapshot, before), true);
});

Deno.test("laterChanges() names files changed, added and deleted after the interruption", () => {
  const now: Manifest = {
    ...snapshot,
    "options.txt": [11, 9_000], // edited after the kill: neither before nor the snapshot
    "saves/Mine/level.dat": [3, 9_500], // a world made after the kill
  };
  delete now["saves/W/level.dat"]; // deleted after the kill: before and snapshot both have it
  assert.deepEqual(laterChanges(now, before, snapshot), [
    "options.txt",
    "saves/Mine/level.dat",
    "saves/W/level.dat",
  ]);
});

Deno.test("laterChanges() accepts what the merge put back and whole-second mtimes", () => {
  const merged: Manifest = { "saves/W (pc-b)/region/r.0.0.mca": [100, 4_000] };
  const now: Manifest = { ...snapshot, ...merged, "options.txt": [9, 5_000] };
  assert.deepEqual(laterChanges(now, before, snapshot, merged), []);
  // A file system that keeps whole seconds (FAT, SMB) reports 5000 ms for restic's 5_432 ms.
  assert.deepEqual(
    laterChanges({ ...before, "options.txt": [9, 5_000] }, before, { "options.txt": [9, 5_432] }),
    [],
  );
});

Deno.test("without the snapshot's listing every difference counts (never fewer changes than real)", () => {
  assert.deepEqual(laterChanges(snapshot, before, null), [
    "options.txt",
    "saves/Gone/level.dat",
    "saves/New/level.dat",
    "saves/W/level.dat",
  ]);
});
