import { watchPresence } from "../presence/launch.ts";
import type { PlayingElsewhere, Summary } from "../ui.ts";
import { diffManifests, isEmptyDiff, scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import { letRequestsOut } from "./requestsOut.ts";
import { refuseVanishedRepository } from "./repositoryGone.ts";
import { withInstance } from "./session.ts";
import { sameSet } from "./sets.ts";
import type { State } from "./state.ts";

/**
 * Brings the instance up to date with the cloud before launch (docs/contract.md#sync-semantics).
 *
 * @example
 * const summary = await pull({ packFolder: "/games/prism/instances/Pack/.minecraft", onConflict: "abort" });
 */
export function pull(options: SyncOptions): Promise<Summary> {
  return withInstance("pull", options, async (inst) => {
    let state = await inst.readState();
    if (state.pending) state = await (await import("./restore.ts")).finishPending(inst, state);

    // The server answers the listing while the folder is walked (the walk is synchronous: the request
    // is put on the wire first). Offline, the walk is wasted, but the answer is the same.
    const listing = inst.listIds();
    listing.catch(() => {}); // awaited below; a failure must not surface as unhandled meanwhile
    // Other computers' presence records: `locks/` is listed beside `snapshots/` (docs/presence.md).
    const presence = watchPresence(inst);
    await letRequestsOut();
    const local = await scanManifest(inst.packFolder, inst.scope);
    const ids = await listing;
    const moved = !sameSet(ids, state.known);
    if (moved) refuseVanishedRepository(inst, state, ids);
    const reading = moved ? inst.snapshots(ids) : null;
    reading?.catch(() => {}); // awaited later; a failure must not surface as unhandled meanwhile
    const localDiff = diffManifests(state.baseManifest, local);
    // Asked before anything changes here: a cancelled launch leaves the folder as it was.
    const elsewhere = await presence.check(() => reading ?? inst.snapshots(ids));
    if (!moved && isEmptyDiff(localDiff) && !state.supersede) {
      await presence.record(state.base?.id ?? null);
      return withPresence({ command: "pull", outcome: "up-to-date", message: "up to date" }, elsewhere);
    }
    // Something to do: the rest of pull (restore, conflicts, catch-up upload) loads only now, so the
    // up-to-date hook before every launch never loads it.
    const { pullChanges } = await import("./pullChanges.ts");
    const summary = await pullChanges(inst, options, { state, ids, local, localDiff, reading });
    await presence.record((await inst.readState()).base?.id ?? null);
    return withPresence(summary, elsewhere);
  });
}

/** `--json` and module callers see who else is playing in the summary's details. */
function withPresence(summary: Summary, elsewhere: PlayingElsewhere[]): Summary {
  if (elsewhere.length === 0) return summary;
  return { ...summary, details: { ...summary.details, playingElsewhere: elsewhere } };
}

export type { State };
