import { UsageError } from "../errors.ts";
import { clearPresence } from "../presence/clear.ts";
import type { Summary } from "../ui.ts";
import { diffManifests, isEmptyDiff, scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import type { Instance } from "./instance.ts";
import { withInstance } from "./session.ts";

/**
 * Uploads this instance's changes as a new snapshot after the game exits (docs/contract.md#sync-semantics).
 * Never throws away the session just played: when the cloud moved meanwhile, headless runs upload
 * anyway as a fork and the other machine's next pull sees the conflict.
 */
export function push(options: SyncOptions): Promise<Summary> {
  return withInstance("push", options, async (inst) => {
    const summary = await pushSession(inst, options);
    // The session is uploaded (or there was nothing to upload): this computer no longer plays.
    await clearPresence(inst);
    return summary;
  });
}

async function pushSession(inst: Instance, options: SyncOptions): Promise<Summary> {
  const state = await inst.readState();
  if (state.pending) {
    throw new UsageError(
      `A restore of snapshot ${
        state.pending.snapshot.id.slice(0, 8)
      } did not finish; not uploading a half-restored folder`,
      `Run \`instance-sync pull --pack-folder=${JSON.stringify(inst.packFolder)}\` to finish it first`,
    );
  }
  const local = await scanManifest(inst.packFolder, inst.scope);
  const diff = diffManifests(state.baseManifest, local);
  if (isEmptyDiff(diff) && !state.supersede) {
    return Object.keys(local).length === 0 && !state.base
      ? {
        command: "push",
        outcome: "nothing-to-push",
        message: "nothing to upload: no synced files exist yet",
      }
      : {
        command: "push",
        outcome: "up-to-date",
        message: "up to date, nothing changed since the last sync",
      };
  }
  // Something to upload: the upload's code (guards, world tags, restic driver) loads only now, while
  // the cloud is listed.
  const [{ uploadSession }, ids] = await Promise.all([
    import("./upload.ts"),
    inst.listIds(),
    inst.loadDriver(),
  ]);
  const summary = await uploadSession(inst, options, state, { local, diff, ids, command: "push" });
  if (!state.listed && summary.snapshot) {
    await (await import("../directory/firstPush.ts")).recordAfterFirstPush(inst);
  }
  return summary;
}
