/**
 * Other computers' presence records (docs/presence.md), read in-process with the master key: loaded
 * only when `locks/` holds a file that is not this computer's own record.
 */
import { machineOf } from "../config/machine.ts";
import { IntegrityError } from "../repo/errors.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { Instance } from "../sync/instance.ts";
import type { PlayingElsewhere } from "../ui.ts";
import { readLock, removeLock } from "./lockFiles.ts";
import { openRecord } from "./openRecord.ts";
import type { PresenceRecord } from "./record.ts";
import { STALE_AFTER_MS } from "./text.ts";

/**
 * The computers whose launch is recorded in lock files `ids` and not uploaded yet (no later snapshot
 * from that machine), newest record per computer. Records of this computer never count: one left by
 * an earlier launch whose name was lost is removed (unless `keepOwn`: `status` only reads). Tampered
 * files are ignored with a debug line.
 */
export async function othersPlaying(
  inst: Instance,
  ids: readonly string[],
  snapshots: () => Promise<Snapshot[]>,
  { now = new Date(), keepOwn = false }: { now?: Date; keepOwn?: boolean } = {},
): Promise<PlayingElsewhere[]> {
  const debug = (m: string) => inst.reporter.debug?.(`presence: ${m}`);
  const records = await readRecords(inst, ids, debug);
  const machine = await inst.machineId();
  const theirs: PresenceRecord[] = [];
  for (const r of records) {
    if (sameComputer(r, machine, inst.host)) {
      if (keepOwn) continue; // status only reads
      await removeLock(inst.target, r.id, { signal: inst.options.signal }).catch((e) =>
        debug(`cannot remove this computer's earlier record ${r.id.slice(0, 8)}: ${(e as Error).message}`)
      );
      continue;
    }
    theirs.push(r);
  }
  if (theirs.length === 0) return [];
  const history = await snapshots();
  const newest = new Map<string, PresenceRecord>();
  for (const r of theirs) {
    if (uploadedSince(r, history)) continue; // its push ran; only the record's removal failed
    const key = r.machine ?? `host:${r.host}`;
    const seen = newest.get(key);
    if (!seen || Date.parse(seen.since) < Date.parse(r.since)) newest.set(key, r);
  }
  return [...newest.values()].map((r) => ({
    machine: r.machine ?? "",
    displayName: r.host || "another computer",
    since: r.since,
    snapshot: r.snapshot?.slice(0, 8) ?? null,
    stale: now.getTime() - Date.parse(r.since) > STALE_AFTER_MS,
    instanceLabel: inst.label,
  }));
}

async function readRecords(
  inst: Instance,
  ids: readonly string[],
  debug: (m: string) => void,
): Promise<PresenceRecord[]> {
  const { repository } = await inst.openSession();
  const opts = { signal: inst.options.signal };
  const read = await Promise.all(ids.map(async (id) => {
    try {
      const bytes = await readLock(inst.target, id, opts);
      if (!bytes) return null; // released since the listing
      const r = await openRecord(repository.key, repository.version, id, bytes);
      if (r && r.instance !== inst.config.instance_id) {
        debug(`ignoring lock file ${id.slice(0, 8)}: it names another instance`);
        return null;
      }
      return r;
    } catch (e) {
      if (!(e instanceof IntegrityError)) throw e;
      debug(`ignoring lock file ${id.slice(0, 8)}: ${e.message}`);
      return null;
    }
  }));
  return read.filter((r): r is PresenceRecord => r !== null);
}

function sameComputer(r: PresenceRecord, machine: string | null, host: string): boolean {
  return r.machine && machine ? r.machine === machine : r.host === host;
}

/** A snapshot from the record's computer made after the launch: the session was uploaded. */
function uploadedSince(r: PresenceRecord, history: readonly Snapshot[]): boolean {
  const since = Date.parse(r.since);
  return history.some((s) =>
    (r.machine ? machineOf(s) === r.machine : s.host === r.host) && Date.parse(s.time) > since
  );
}
