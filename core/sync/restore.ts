import { removeContained } from "../fs/contained.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { Instance } from "./instance.ts";
import { applyMerge, dropStash, type MergeStep } from "./merge.ts";
import { holdsTheseFiles, madeByThisComputer } from "./adopt.ts";
import { snapshotManifest } from "./conflict.ts";
import { isSideCopy, newestFirst, parentOf, TAG_CONFLICT_BACKUP } from "./history.ts";
import { backupSideCopy } from "./backup.ts";
import { changedSinceJournal, laterChanges, mergedManifest } from "./laterChanges.ts";
import { scanManifest } from "./manifest.ts";
import {
  filesMissingFromSnapshot,
  holdsOnlySnapshot,
  type SnapshotSize,
  snapshotSize,
} from "./extraFiles.ts";
import type { Manifest, Pending, SnapshotRef, State } from "./state.ts";
import { applyWorldRestore, literalPattern } from "./worldRestoreSteps.ts";
import { checkSnapshotScope } from "./restoreScope.ts";
import { removeEmptyDirs } from "./emptyDirs.ts";

export function refOf(s: { id: string; time: string; host: string }): SnapshotRef {
  return { id: s.id, time: s.time, host: s.host };
}

/** What a journaled restore restores, why, and what it knows already. */
export interface RestoreJob {
  snapshot: SnapshotRef;
  reason: Pending["reason"];
  /** Remote snapshot ids to record as seen once the restore is done. */
  known: string[];
  /** The side copy made first (conflict-backup / pre-restore), if any. */
  backup?: string | null;
  /** Worlds to take from this computer after the restore. */
  merge?: MergeStep[];
  /** The in-scope files as they are now, when the caller has scanned them already. */
  before?: Manifest;
  /**
   * The caller found the folder exactly as the base (its diff against `baseManifest` was empty): the
   * journal then names no `before`, and finishing compares against the base, as with journals written
   * before `before` existed. A 30,000-file journal is half the size.
   */
  beforeIsBase?: boolean;
  /** Restore only this world folder ("saves/<name>") and keep the base (docs/history-and-restore.md). */
  world?: string;
  /**
   * The snapshot itself, when the caller has read it: its summary (regular files and their bytes) can
   * prove after the restore that the folder holds nothing the snapshot lacks (`holdsOnlySnapshot`).
   */
  document?: Snapshot;
}

/**
 * Restores `snapshot` into the pack folder as a journaled operation (docs/contract.md#pull, I3):
 * 1. write `pending` to state.json; 2. `restic restore`; 3. remove in-scope local files the snapshot
 * lacks (never outside the scope, never `.cloud-sync/`); 4. write the new base and clear `pending`.
 * A run killed at any step leaves `pending` set, and `finishPending` repeats the steps (all idempotent).
 */
export async function journaledRestore(inst: Instance, state: State, job: RestoreJob): Promise<State> {
  const { snapshot, reason, known, backup = null, merge = [] } = job;
  // Before the journal: a snapshot that holds anything outside the scope changes nothing at all.
  await checkSnapshotScope(inst, snapshot.id, snapshot.host);
  // What the folder held before anything is written: finishing an interrupted restore tells the
  // player's later changes from the restore's own writes against it (docs/reliability.md).
  const before = job.beforeIsBase ? null : job.before ?? await scanManifest(inst.packFolder, inst.scope);
  const journaled: State = {
    ...state,
    pending: {
      op: "restore",
      snapshot,
      reason,
      startedAt: new Date().toISOString(),
      backup,
      ...(merge.length ? { merge } : {}),
      ...(before ? { before } : {}),
      ...(job.world ? { world: job.world } : {}),
    },
  };
  inst.restoring = true;
  await inst.writeState(journaled);
  await inst.step("restore:journaled");
  return await applyRestore(inst, journaled, known, snapshotSize(job.document));
}

/**
 * Completes a restore that a killed run left in the journal. Whatever the player did in the folder
 * since (the game started another way, sync paused) is saved in a `conflict-backup` snapshot first;
 * when that cannot be done (server unreachable) nothing is touched and the run fails (I1).
 */
export async function finishPending(inst: Instance, state: State): Promise<State> {
  if (!state.pending) return state;
  inst.restoring = true;
  inst.reporter.info(
    `Finishing an interrupted restore of snapshot ${
      state.pending.snapshot.id.slice(0, 8)
    } from ${state.pending.snapshot.host}`,
  );
  const restic = await inst.getRestic();
  // A killed restic may have left its lock in the repository; unlock removes only stale ones.
  await restic.unlock().catch((e) => inst.reporter.warn(`restic unlock failed: ${(e as Error).message}`));
  const saved = await saveLaterChanges(inst, state);
  return await applyRestore(inst, saved, saved.known);
}

/** The files changed since a restore was interrupted; empty when nothing moved since the journal. */
export async function findLaterChanges(inst: Instance, state: State, now?: Manifest): Promise<string[]> {
  const pending = state.pending!;
  now ??= await scanManifest(inst.packFolder, inst.scope);
  // Journals written before `before` existed: the base is what a fast-forward started from.
  const before = pending.before ?? state.baseManifest;
  if (!changedSinceJournal(now, before)) return []; // restic never wrote: no restic ls needed
  const snapshot = await snapshotManifest(inst, pending.snapshot.id);
  return laterChanges(now, before, snapshot, await mergedManifest(inst, pending));
}

/** Saves later changes as a `conflict-backup` side copy and makes the saved folder the journal's start. */
async function saveLaterChanges(inst: Instance, state: State): Promise<State> {
  const now = await scanManifest(inst.packFolder, inst.scope);
  const later = await findLaterChanges(inst, state, now);
  // Nothing left in scope (every later change is a deletion of everything): there is nothing to save,
  // and the restore only brings files back.
  if (later.length === 0 || Object.keys(now).length === 0) return state;
  const id = await backupSideCopy(inst, state, TAG_CONFLICT_BACKUP, now);
  inst.reporter.info(
    `${later.length} file(s) changed here after the restore was interrupted (${later.slice(0, 3).join(", ")}${
      later.length > 3 ? ", …" : ""
    }): saved as snapshot ${id.slice(0, 8)} (tag ${TAG_CONFLICT_BACKUP}) ` +
      "before completing it",
  );
  // The folder as saved is now safe in a snapshot: a second interruption compares against it.
  const next: State = {
    ...state,
    known: [...new Set([...state.known, id])].sort(),
    pending: { ...state.pending!, before: now },
  };
  await inst.writeState(next);
  await inst.step("restore:later-saved");
  return next;
}

/**
 * `expected`: the snapshot's size from its summary, when known. Then restic is not asked to list every
 * item (`--verbose=2`, a line per file: about 0.1 s of restic's time per 3k files) and the folder is
 * listed only when it does not prove to hold exactly the snapshot.
 */
async function applyRestore(
  inst: Instance,
  state: State,
  known: string[],
  expected?: SnapshotSize,
): Promise<State> {
  const pending = state.pending!;
  // Again where it is used: the journal may come from a state.json this run did not write.
  await checkSnapshotScope(inst, pending.snapshot.id, pending.snapshot.host);
  // A one-world restore (docs/history-and-restore.md) has its own steps, limited to that world's folder.
  if (pending.world) return await applyWorldRestore(inst, state, known);
  const restic = await inst.getRestic();
  const id = pending.snapshot.id;
  inst.reporter.start("restore", `Restoring snapshot ${id.slice(0, 8)} from ${pending.snapshot.host}`);
  const throttle = inst.progress();
  const restored = await restic.restore(id, {
    target: inst.packFolder,
    // The second fence (restoreScope.ts): restic writes nothing outside the include roots.
    include: inst.scope.include.map(literalPattern),
    listItems: !expected,
    onProgress: (p) => throttle.push({ ...p, op: "restore" }),
  });
  throttle.flush();
  await inst.step("restore:restored");

  const before = await scanManifest(inst.packFolder, inst.scope);
  let extra: string[] = [];
  let inSnapshot = new Set<string>();
  if (!expected || !holdsOnlySnapshot(before, expected)) {
    // An empty list would mean "delete everything in scope": never trust it, list the snapshot instead.
    const items = restored.items?.length
      ? restored.items
      : (await inst.snapshotEntries(id)).map((e) => e.path);
    inSnapshot = new Set(items);
    extra = filesMissingFromSnapshot(Object.keys(before), inSnapshot);
  }
  for (const rel of extra) await removeContained(inst.packFolder, rel, "file");
  await removeEmptyDirs(inst, extra, inSnapshot);
  if (extra.length) inst.reporter.info(`Removed ${extra.length} file(s) that the snapshot no longer has`);
  await inst.step("restore:cleaned");

  // The base is the cloud's version as restored; worlds kept from this computer are applied on top
  // and so count as local changes that the next push uploads.
  // That is the scan above without the removed files: no second walk of the folder (and no copy of a
  // 30,000-entry manifest when nothing was removed, the usual case).
  const manifest = extra.length ? { ...before } : before;
  for (const rel of extra) delete manifest[rel];
  if (pending.merge?.length) {
    await applyMerge(inst, pending.merge);
    await inst.step("restore:merged");
  }
  const next: State = {
    ...state,
    base: pending.snapshot,
    baseManifest: manifest,
    known: [...new Set([...known, id])].sort(),
    pending: null,
    supersede: null,
  };
  await inst.writeState(next);
  if (pending.merge?.length) await dropStash(inst);
  await inst.step("restore:done");
  return next;
}

/**
 * Finds the snapshot of a push that was killed after restic made it but before state.json was
 * written, and takes it as the base (a restore with nothing to change on disk). Without this, the
 * next run would see "the cloud moved and this computer changed" and report a conflict between the
 * player and their own session. A candidate must be unknown to the state, made by this computer (its
 * machine id; host name for snapshots without one), not a side copy, tagged with the current base as
 * parent, and hold exactly the local files, inodes included (one `restic ls`, paid only when such a
 * candidate exists; see adopt.ts). Returns the new state, or `state` unchanged.
 */
export async function adoptInterruptedPush(
  inst: Instance,
  state: State,
  snapshots: readonly Snapshot[],
  local: Manifest,
): Promise<State> {
  const parent = state.supersede ?? state.base;
  const wantedParent = parent ? parent.id.slice(0, 8) : null;
  const known = new Set(state.known);
  let candidate: Snapshot | undefined;
  for (const s of newestFirst(snapshots)) {
    if (known.has(s.id) || isSideCopy(s) || parentOf(s) !== wantedParent) continue;
    if (await madeByThisComputer(inst, s)) {
      candidate = s;
      break;
    }
  }
  if (!candidate) return state;
  if (!(await holdsTheseFiles(inst, candidate.id, local))) return state;
  inst.reporter.info(
    `Snapshot ${candidate.id.slice(0, 8)} holds exactly this computer's files: an earlier push uploaded it ` +
      "but was stopped before it could record that; taking it as the synced version",
  );
  const next: State = {
    ...state,
    base: refOf(candidate),
    baseManifest: local,
    known: [...new Set([...state.known, candidate.id])].sort(),
    supersede: null,
  };
  await inst.writeState(next);
  return next;
}

export type { Snapshot };
