import { readScope } from "../../config/scope.ts";
import { diffManifests, scanManifest } from "../../sync/manifest.ts";
import { readState } from "../../sync/state.ts";
import type { DoctorCheck, Finding } from "../types.ts";

/**
 * Play that never reached the cloud. Launchers run the post-exit `push` only when the game exits
 * cleanly, so after a crash or a kill the session sits here unsynced until the next clean exit; a
 * restore that was interrupted waits for the next pull. Reads the folder, writes nothing.
 */
export const unsyncedCheck: DoctorCheck = {
  id: "unsynced",
  async run(ctx) {
    const { loaded } = await ctx.config();
    if (!loaded?.ok) return [];
    const folder = JSON.stringify(ctx.paths.packFolder);
    let state;
    try {
      state = await readState(ctx.paths);
    } catch (e) {
      return [{ problem: (e as Error).message, fix: "Run `instance-sync status` for details" }];
    }
    if (state.pending) {
      return [{
        problem: `A restore of snapshot ${state.pending.snapshot.id.slice(0, 8)} was interrupted`,
        fix: `Run \`instance-sync pull --pack-folder=${folder}\` (or launch the game) to complete it`,
      }];
    }
    if (!state.base) return []; // never synced: the first launch's pull decides
    let now;
    try {
      now = await scanManifest(ctx.paths.packFolder, await readScope(ctx.paths));
    } catch (e) {
      return [{ problem: (e as Error).message, fix: "Run `instance-sync status` for details" }];
    }
    const diff = diffManifests(state.baseManifest, now);
    const count = diff.added.length + diff.changed.length + diff.removed.length;
    if (count === 0) return [];
    const newest = Math.max(0, ...[...diff.added, ...diff.changed].map((p) => now[p][1]));
    const when = newest > 0
      ? `, the newest from ${new Date(newest).toISOString().slice(0, 16).replace("T", " ")}`
      : "";
    const finding: Finding = {
      problem: `${count} file${count === 1 ? "" : "s"} changed since the last upload ` +
        `(${state.base.time.slice(0, 16).replace("T", " ")}${when}): the post-exit push did not run ` +
        "(the launcher skips it when the game crashes)",
      fix: `Run \`instance-sync push --pack-folder=${folder}\``,
    };
    return [finding];
  },
};
