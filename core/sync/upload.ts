import { when } from "./when.ts";
import { ConflictError } from "../errors.ts";
import { checkMassDeletion } from "../guards/massDeletion.ts";
import type { Summary } from "../ui.ts";
import { backupScope } from "./backup.ts";
import { describeConflict } from "./conflict.ts";
import { headOf } from "./history.ts";
import type { Instance } from "./instance.ts";
import { diffManifests, isEmptyDiff, type ManifestDiff } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import { sameSet } from "./sets.ts";
import { adoptInterruptedPush } from "./restore.ts";
import { refuseVanishedRepository } from "./repositoryGone.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { Manifest, State } from "./state.ts";
import { pushRecords } from "../worlds/changes.ts";
import { worldTags } from "../worlds/tags.ts";

/** Below this many files, a machine that never synced is "nearly empty" and must not become head. */
const NEARLY_EMPTY = 4;

/** What `uploadSession` needs from its caller (push, or pull's catch-up). */
export interface SessionInput {
  local: Manifest;
  diff: ManifestDiff;
  /** The repository's snapshot ids, listed just before. */
  ids: string[];
  command: "push" | "pull";
}

/**
 * The guarded upload shared by `push` and pull's catch-up: the mass-deletion and empty-machine guards,
 * the fork check, `restic backup`, and the new state.
 */
export async function uploadSession(
  inst: Instance,
  options: SyncOptions,
  state: State,
  { local, diff, ids, command }: SessionInput,
): Promise<Summary> {
  refuseVanishedRepository(inst, state, ids);
  if (!sameSet(ids, state.known)) {
    const snapshots = await inst.snapshots(ids);
    // An earlier push killed after its upload: that snapshot already holds what was played.
    const adopted = await adoptInterruptedPush(inst, state, snapshots, local);
    if (adopted !== state) {
      state = adopted;
      diff = diffManifests(state.baseManifest, local);
      if (isEmptyDiff(diff)) {
        return { command, outcome: "up-to-date", message: "up to date: the interrupted upload is complete" };
      }
    }
    await guardMassDeletion(inst, options, state, local, ids, command);
    await checkCloudMoved(inst, options, state, local, snapshots);
  } else {
    await guardMassDeletion(inst, options, state, local, ids, command);
  }
  const parent = state.supersede ?? state.base;
  const startedAt = new Date().toISOString();
  // Which worlds were played since the base, recorded in the snapshot for `history --world` (docs/history-and-restore.md). History
  // reads them relative to the snapshot's parent; superseding another head (keep-local, a rollback), the
  // diff since the base does not describe that: no tags, and history lists this snapshot once instead.
  const worlds = parent?.id === state.base?.id
    ? worldTags(await pushRecords(inst.packFolder, diff, local))
    : [];
  const result = await backupScope(inst, parent, state.base?.id ?? null, worlds);
  await inst.step("push:uploaded");
  const manifest: Manifest = { ...local };
  // Unreadable files are not in the snapshot: leave them out of the base so the next push retries them.
  for (const path of result.unreadable) delete manifest[path];
  const next: State = {
    ...state,
    // restic stamps the snapshot with its start time; ours is a moment earlier, close enough to show.
    base: { id: result.snapshotId, time: startedAt, host: inst.host },
    baseManifest: manifest,
    // A snapshot another machine made meanwhile is not in this list, so the next pull looks at it.
    known: [...new Set([...ids, result.snapshotId])].sort(),
    pending: null,
    supersede: null,
  };
  await inst.writeState(next);
  const counts = `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`;
  return {
    command,
    outcome: command === "pull" ? "caught-up" : result.unreadable.length ? "pushed-incomplete" : "pushed",
    message: `uploaded snapshot ${result.snapshotId.slice(0, 8)} (${counts})`,
    snapshot: result.snapshotId,
    details: { ...diff, unreadable: result.unreadable, dataAdded: result.dataAdded },
  };
}

/**
 * A blank or nearly blank folder must not silently replace the cloud's worlds (the Steam Cloud story):
 * an upload that removes more than half of the base's files, or every world, and a first upload from
 * a nearly empty machine while the cloud has a history, stop with exit 3 unless allowed or confirmed.
 */
async function guardMassDeletion(
  inst: Instance,
  options: SyncOptions,
  state: State,
  local: Manifest,
  ids: string[],
  command: SessionInput["command"],
): Promise<void> {
  let message: string | null = null;
  if (state.base) {
    message = checkMassDeletion({ before: state.baseManifest, after: local, where: "the cloud" })?.message ??
      null;
  } else if (ids.length > 0 && Object.keys(local).length < NEARLY_EMPTY) {
    message = `This computer has never synced and has only ${Object.keys(local).length} synced file(s), ` +
      `while the cloud already has ${ids.length} snapshot(s); uploading would put a nearly empty instance ` +
      "on top of them. " +
      // In pull this is the upload of a keep-local choice: pulling again is no way out.
      (command === "push"
        ? "Run `instance-sync pull` first, or run"
        : "In a terminal run `instance-sync resolve` to decide, or run") +
      " again with --allow-mass-delete if that is intended";
  }
  if (!message) return;
  if (options.allowMassDelete) {
    inst.reporter.warn(`${message.replace(/; run again with --allow-mass-delete.*$/, "")} (allowed)`);
    return;
  }
  if (options.onConflict === "ask" && inst.prompter) {
    if (await inst.prompter.confirm("Upload anyway?", message)) return;
    throw new ConflictError("Upload cancelled; nothing was uploaded");
  }
  throw new ConflictError(message);
}

/** The cloud moved since this computer last synced: ask in a terminal, else upload as a fork and say so. */
async function checkCloudMoved(
  inst: Instance,
  options: SyncOptions,
  state: State,
  local: Manifest,
  snapshots: Snapshot[],
): Promise<void> {
  const head = headOf(snapshots);
  const parentId = (state.supersede ?? state.base)?.id ?? null;
  if (!head || head.id === parentId || state.known.includes(head.id)) return;
  if (options.onConflict === "ask" && inst.prompter) {
    const description = await describeConflict(
      inst,
      state,
      local,
      diffManifests(state.baseManifest, local),
      head,
    );
    description.reason = "fork";
    if (!(await inst.prompter.confirmForkPush(description))) {
      throw new ConflictError("Upload cancelled: the cloud has a newer version; nothing was uploaded");
    }
  }
  inst.reporter.warn(
    `The cloud has a newer version from ${head.host} (${when(head.time)}) that this computer has not seen; ` +
      "uploading what was played here beside it (a fork). The other computer's next pull will ask which to keep",
  );
}
