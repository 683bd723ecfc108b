import { when } from "./when.ts";
import { ConflictError } from "../errors.ts";
import { checkMassDeletion, MIN_FILES_FOR_RATIO } from "../guards/massDeletion.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { Summary } from "../ui.ts";
import { snapshotManifest } from "./conflict.ts";
import { resolveConflict } from "./resolveConflict.ts";
import { headOf, isAncestor } from "./history.ts";
import type { Instance } from "./instance.ts";
import { diffManifests, isEmptyDiff, type ManifestDiff } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import { uploadSession } from "./upload.ts";
import { adoptInterruptedPush, journaledRestore, refOf } from "./restore.ts";
import { sameSet } from "./sets.ts";
import type { Manifest, State } from "./state.ts";

/** What pull found before deciding it has work to do. */
export interface PullFindings {
  state: State;
  /** The repository's snapshot ids, listed just now. */
  ids: string[];
  local: Manifest;
  localDiff: ManifestDiff;
  /** The snapshots being read when the cloud moved (null when it did not). */
  reading: Promise<Snapshot[]> | null;
}

/**
 * The part of pull that runs when the cloud moved or this computer has changes: a catch-up upload, a
 * fast-forward restore, or a conflict (or keeping a keep-local choice). Split from pull.ts so an
 * up-to-date hook never loads it; pull calls it only when something differs.
 */
export async function pullChanges(
  inst: Instance,
  options: SyncOptions,
  { state, ids, local, localDiff, reading }: PullFindings,
): Promise<Summary> {
  if (sameSet(ids, state.known)) {
    // (pull returned already when nothing changed on either side.)
    // The cloud has not moved but this computer has changes: the last session's push never ran
    // (the game crashed, the launcher was killed). Upload them now so other machines see them.
    inst.reporter.info(catchUpReason(state));
    return await uploadSession(inst, options, state, { local, diff: localDiff, ids, command: "pull" });
  }

  // The cloud moved: nearly always a restore or a conflict follows, so restic's driver loads meanwhile.
  const [snapshots] = await Promise.all([reading!, inst.loadDriver()]);
  // A push killed between its upload and its state write left a snapshot of exactly these files.
  const adopted = await adoptInterruptedPush(inst, state, snapshots, local);
  if (adopted !== state) [state, localDiff] = [adopted, diffManifests(adopted.baseManifest, local)];
  const head = headOf(snapshots);
  if (!head || head.id === state.base?.id) {
    await inst.writeState({ ...state, known: ids });
    return { command: "pull", outcome: "up-to-date", message: "up to date" };
  }
  if (state.supersede && head.id === state.supersede.id) {
    await inst.writeState({ ...state, known: ids });
    return {
      command: "pull",
      outcome: "keep-local",
      message: "keeping this computer's version (chosen earlier); the next push replaces the cloud's",
    };
  }

  const descends = state.base ? isAncestor(snapshots, state.base.id, head) : true;
  if (descends && isEmptyDiff(localDiff)) {
    await guardPullDeletion(inst, options, local, head);
    // restic must be at hand before the journal says a restore began: snapshots were read without it,
    // and a missing restic follows the offline policy instead of leaving a restore half started.
    await inst.getRestic();
    await journaledRestore(inst, state, {
      snapshot: refOf(head),
      document: head,
      reason: "pull",
      known: ids,
      beforeIsBase: true, // the local diff is empty: the folder is the base
    });
    return {
      command: "pull",
      outcome: "restored",
      message: `updated to the cloud's version from ${head.host} (${when(head.time)})`,
      snapshot: head.id,
    };
  }
  let unlike: string[] | undefined;
  if (!state.base) {
    const first = await (await import("./firstSync.ts")).firstSyncOverSameFiles(inst, state, {
      local,
      head,
      ids,
    });
    if ("summary" in first) return first.summary;
    unlike = first.unlike;
  }
  return await resolveConflict(inst, options, state, {
    local,
    localDiff,
    head,
    ids,
    fork: !descends,
    unlike,
  });
}

/** Why pull uploads before the game starts, in words true for how this computer got here. */
function catchUpReason(state: State): string {
  // keep-local was chosen at a conflict, and no push has run since.
  if (state.supersede) {
    return "This computer's version was kept over the cloud's (chosen earlier) and is not uploaded yet; " +
      "uploading it first";
  }
  // A new instance, or one joined while the cloud was still empty: nothing was ever uploaded from here.
  if (!state.base) {
    return "This computer's files are not in the cloud yet; uploading them first (its first upload)";
  }
  return "This computer has changes that were never uploaded (the last push did not run); uploading them first";
}

/**
 * A fast-forward that would delete more than half of this computer's synced files, or every world,
 * stops unless allowed. The snapshot's file count (from `restic snapshots`) decides whether the
 * precise check, which needs `restic ls`, is worth running.
 */
async function guardPullDeletion(inst: Instance, options: SyncOptions, local: Manifest, head: Snapshot) {
  const localFiles = Object.keys(local).length;
  const hasWorlds = Object.keys(local).some((p) => p.startsWith("saves/"));
  const suspicious = head.totalFiles === undefined ||
    (localFiles >= MIN_FILES_FOR_RATIO && head.totalFiles < localFiles / 2) ||
    (hasWorlds && head.totalFiles < 4);
  if (!suspicious) return;
  const cloud = await snapshotManifest(inst, head.id);
  const trip = checkMassDeletion({ before: local, after: cloud, where: "this computer" });
  if (!trip) return;
  const message = `The cloud's newest version (from ${head.host}) would remove files here. ${trip.message}`;
  if (options.allowMassDelete) return inst.reporter.warn(`${trip.message} (allowed)`);
  if (options.onConflict === "ask" && inst.prompter) {
    if (await inst.prompter.confirm("Apply the cloud's version anyway?", message)) return;
    throw new ConflictError("Launch cancelled; nothing was changed");
  }
  throw new ConflictError(message);
}
