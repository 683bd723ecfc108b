/**
 * Who else is playing, for `status` and `doctor` (docs/presence.md). Read-only: unlike a pull, it
 * never removes a record.
 */
import { instancePaths } from "../config/paths.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { Instance } from "../sync/instance.ts";
import type { PlayingElsewhere } from "../ui.ts";
import { listLocks, speaksLocks } from "./lockFiles.ts";
import { readOwnRecord } from "./ownRecord.ts";
import { clockTime, STALE_AFTER_MS } from "./text.ts";

/**
 * Other computers' unsynced play recorded in the repository; [] where presence is not spoken.
 * `listing`: the `locks/` listing the caller started beside its snapshot listing.
 */
export async function playingElsewhereNow(
  inst: Instance,
  snapshots: readonly Snapshot[],
  listing?: Promise<string[]>,
): Promise<PlayingElsewhere[]> {
  if (!speaksLocks(inst.target)) return [];
  const [ids, own] = await Promise.all([
    listing ?? listLocks(inst.target, { signal: inst.options.signal }),
    readOwnRecord(inst.paths),
  ]);
  const others = ids.filter((id) => id !== own?.id);
  if (others.length === 0) return [];
  const { othersPlaying } = await import("./read.ts");
  return await othersPlaying(inst, others, () => Promise.resolve([...snapshots]), { keepOwn: true });
}

/** A launch of THIS computer that no push followed (for `doctor`): when, and on top of which snapshot. */
export interface UnfinishedLaunch {
  since: string;
  snapshot: string | null;
  /** Older than 24 hours: other computers show it as "may have crashed". */
  stale: boolean;
  /** One line for people: what happened and what to run. */
  message: string;
}

/**
 * This computer's own presence record, from `.cloud-sync/presence.json` (no network): set after a
 * launch until the push after the game uploads. Outside a game session it means the push never ran
 * (the game crashed, or the launcher skips its post-exit command after a crash) and other computers
 * are told this one is still playing. The caller knows whether the game is running now.
 */
export async function unfinishedLaunch(
  packFolder: string,
  now = new Date(),
): Promise<UnfinishedLaunch | null> {
  const own = await readOwnRecord(instancePaths(packFolder));
  if (!own) return null;
  const stale = now.getTime() - Date.parse(own.since) > STALE_AFTER_MS;
  return {
    since: own.since,
    snapshot: own.snapshot?.slice(0, 8) ?? null,
    stale,
    message: `The launch at ${clockTime(own.since, now)} was never followed by a push, so other computers ` +
      "are told this one is still playing; run `instance-sync push` to upload that session and end it",
  };
}
