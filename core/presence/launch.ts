/**
 * Presence around a launch (docs/presence.md). `pull` starts `watchPresence` beside its snapshot
 * listing: it lists `locks/` and reads which record is this computer's own. Only when another lock
 * file is there does `check` load the cipher and decrypt it; only after the pull's decision does
 * `record` load the sealing code. Nothing here fails or stops a launch except the player's (or
 * `--on-playing-elsewhere`'s) own "cancel": every other failure is a debug line.
 */
import { InterruptedError } from "../errors.ts";
import type { PlayingElsewhere } from "../ui.ts";
import type { Instance } from "../sync/instance.ts";
import type { Snapshot } from "../restic/driver.ts";
import { listLocks, readConfig, speaksLocks } from "./lockFiles.ts";
import { type OwnRecord, readOwnRecord } from "./ownRecord.ts";

export interface PresenceWatch {
  /**
   * Reads other computers' records, warns or asks (throws ConflictError when the launch is cancelled)
   * and returns what it found (for the summary). `snapshots` is called only when a record needs them.
   */
  check(snapshots: () => Promise<Snapshot[]>): Promise<PlayingElsewhere[]>;
  /** Records this launch on top of `snapshot`, replacing this computer's earlier record. */
  record(snapshot: string | null): Promise<void>;
}

/** Starts the cheap part (the `locks/` listing, our own record's name) at once; never rejects. */
export function watchPresence(inst: Instance): PresenceWatch {
  const debug = (m: string) => inst.reporter.debug?.(`presence: ${m}`);
  const own = readOwnRecord(inst.paths);
  const locks: Promise<string[] | null> = speaksLocks(inst.target)
    ? listLocks(inst.target, { signal: inst.options.signal }).catch((e) => {
      debug(`cannot list the repository's locks: ${(e as Error).message}`);
      return null;
    })
    : Promise.resolve(null);
  // The config a cached key must authenticate to seal this launch's record: fetched beside the listing,
  // as nearly every pull ends by writing one.
  const config: Promise<Uint8Array | null> = speaksLocks(inst.target)
    ? readConfig(inst.target, { signal: inst.options.signal }).catch(() => null)
    : Promise.resolve(null);
  return {
    async check(snapshots) {
      const [ids, mine] = await Promise.all([locks, own]);
      const others = (ids ?? []).filter((id) => id !== mine?.id);
      if (others.length === 0) return []; // the usual launch: nothing to decrypt
      const { othersPlaying } = await import("./read.ts");
      const found = await othersPlaying(inst, others, snapshots).catch((e) => {
        if (e instanceof InterruptedError) throw e; // the player pressed Ctrl-C: stop, as everywhere
        debug(`cannot read other computers' records: ${(e as Error).message}`);
        return [] as PlayingElsewhere[];
      });
      if (found.length) await (await import("./decide.ts")).decide(inst, found);
      return found;
    },
    async record(snapshot) {
      if (!speaksLocks(inst.target)) {
        debug(`${inst.target.kind} locations have no in-process writer; this launch is not recorded`);
        return;
      }
      const mine: OwnRecord | null = await own;
      try {
        await (await import("./write.ts")).recordLaunch(inst, snapshot, mine, { config });
      } catch (e) {
        debug(`cannot record this launch: ${(e as Error).message}`);
      }
    },
  };
}
