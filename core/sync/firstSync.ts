/**
 * A first sync (no base) against a cloud that already has a history. When this computer holds nothing
 * the cloud's head lacks, byte for byte (a player who launched the pack once before joining), taking
 * that snapshot as the base loses nothing (I1 holds: every local file is in it), so it is no conflict
 * and nobody is asked. Anything else stays the first-sync question.
 */
import type { Snapshot } from "../restic/driver.ts";
import type { Summary } from "../ui.ts";
import { snapshotManifest } from "./conflict.ts";
import type { Instance } from "./instance.ts";
import { journaledRestore, refOf } from "./restore.ts";
import { filesUnlikeSnapshot } from "./sameFiles.ts";
import type { Manifest, State } from "./state.ts";
import { when } from "./when.ts";

/** Either the pull's result (the cloud's head taken as the base), or the local files unlike it. */
export type FirstSync = { summary: Summary } | { unlike: string[] };

export async function firstSyncOverSameFiles(
  inst: Instance,
  state: State,
  { local, head, ids }: { local: Manifest; head: Snapshot; ids: string[] },
): Promise<FirstSync> {
  const cloud = await snapshotManifest(inst, head.id);
  const unlike = await filesUnlikeSnapshot(inst, head.id, local, cloud);
  if (unlike.length > 0) return { unlike };
  const from = `${head.host} (${when(head.time)})`;
  const count = Object.keys(local).length;
  if (Object.keys(cloud).every((p) => p in local)) {
    // Nothing to download: the folder is the snapshot already, so its scan is the base's fingerprint.
    await inst.writeState({ ...state, base: refOf(head), baseManifest: local, known: ids, supersede: null });
    return {
      summary: {
        command: "pull",
        outcome: "adopted",
        message: `this computer's ${count} file(s) are the same as the cloud's version from ${from}; ` +
          "synced without downloading anything",
        snapshot: head.id,
      },
    };
  }
  // The cloud has more (worlds, screenshots): a fast-forward restore, which deletes nothing here.
  await inst.getRestic();
  await journaledRestore(inst, state, {
    snapshot: refOf(head),
    document: head,
    reason: "pull",
    known: ids,
    before: local,
  });
  return {
    summary: {
      command: "pull",
      outcome: "restored",
      message:
        `updated to the cloud's version from ${from} (this computer's ${count} file(s) were the same already)`,
      snapshot: head.id,
    },
  };
}
