import { instancePaths } from "../config/paths.ts";
import { saveReceipts } from "../config/receipts.ts";
import { exists } from "../fs/atomic.ts";
import { OfflineError } from "../errors.ts";
import type { Snapshot } from "../restic/driver.ts";
import { forkPoints, headOf, isSideCopy, labelOf, newestFirst, parentOf } from "./history.ts";
import { Instance } from "./instance.ts";
import { letRequestsOut } from "./requestsOut.ts";
import { listLockIds } from "../restic/listing.ts";
import { diffManifests, type ManifestDiff, scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import type { SnapshotRef } from "./state.ts";
import type { WorldRecord } from "../worlds/tags.ts";
import type { Protection } from "../restic/passwords.ts";
import type { PlayingElsewhere } from "../ui.ts";

/** What `status` shows. */
export interface StatusReport {
  packFolder: string;
  optedIn: boolean;
  disabled: boolean;
  instanceId?: string;
  label?: string;
  /** The repository location with credentials redacted. */
  repository?: string;
  host?: string;
  base?: SnapshotRef | null;
  pendingRestore?: string | null;
  /** A journaled restore a killed run left, and what the player changed in the folder since. */
  interruptedRestore?: {
    snapshot: SnapshotRef;
    reason: string;
    startedAt: string;
    /** Set for a one-world restore (`restore --world`): the world folder, "saves/<name>". */
    world?: string;
    /** Files changed since the interruption (saved in a snapshot before the next pull completes it); null when unknown. */
    laterChanges: string[] | null;
  };
  localChanges?: ManifestDiff;
  /** The newest cloud snapshot, or null when the cloud is empty; undefined when offline. */
  cloudHead?: { id: string; time: string; host: string; label?: string } | null;
  /** The cloud's snapshot set is not the one this machine last synced with. */
  cloudMoved?: boolean;
  /** The cloud head arrived since the last sync (a pull would bring it). */
  headIsNew?: boolean;
  /** Snapshots in the cloud this machine has not seen, the head included when it is new. */
  newSinceSync?: number;
  offline?: string;
  /**
   * Whether the server can read the repository (docs/security.md): `protected`, `server-readable`, or
   * null when there is no repository yet (the first push creates a protected one); undefined offline.
   */
  protection?: Protection | null;
  /** Other computers playing this instance that have not uploaded yet (docs/presence.md); undefined offline. */
  playingElsewhere?: PlayingElsewhere[];
}

/** Reads everything `status` shows; the cloud part is skipped with a note when it cannot be reached. */
export async function status(options: SyncOptions): Promise<StatusReport> {
  const paths = instancePaths(options.packFolder);
  const inst = await Instance.open(options);
  if (!inst) {
    return { packFolder: options.packFolder, optedIn: false, disabled: await exists(paths.syncJsonDisabled) };
  }
  const state = await inst.readState();
  // The cloud is asked before the folder is scanned, so the listing is answered meanwhile (the scan
  // is synchronous: the request is put on the wire first); its failure is taken below, where an
  // offline server becomes a note.
  const cloud = (async () => {
    const ids = await inst.listIds();
    return { ids, snapshots: ids.length ? await inst.snapshots(ids) : [] };
  })();
  cloud.catch(() => {}); // awaited below; must not surface as unhandled meanwhile
  // Other computers' presence records (docs/presence.md), listed beside the snapshots.
  const locks = listLockIds(inst.target, { signal: options.signal, timeoutMs: 5000 }).then((l) => l ?? []);
  locks.catch(() => {}); // awaited below, only when the cloud answered
  await letRequestsOut();
  const local = await scanManifest(inst.packFolder, inst.scope);
  const report: StatusReport = {
    packFolder: inst.packFolder,
    optedIn: true,
    disabled: false,
    instanceId: inst.config.instance_id,
    label: inst.label,
    repository: inst.target.display,
    host: inst.host,
    base: state.base,
    pendingRestore: state.pending?.snapshot.id ?? null,
    localChanges: diffManifests(state.baseManifest, local),
  };
  if (state.pending) {
    const { snapshot, reason, startedAt, world } = state.pending;
    report.interruptedRestore = { snapshot, reason, startedAt, world, laterChanges: null };
  }
  try {
    if (report.interruptedRestore) {
      // The restore machinery (restic side copies, merges) loads only for a folder that needs it.
      const { findLaterChanges } = await import("./restore.ts");
      report.interruptedRestore.laterChanges = await findLaterChanges(inst, state, local);
    }
    const { ids, snapshots } = await cloud;
    const known = new Set(state.known);
    const unseen = ids.filter((id) => !known.has(id));
    report.cloudMoved = ids.length !== known.size || unseen.length > 0;
    report.newSinceSync = unseen.length;
    const head = headOf(snapshots);
    report.cloudHead = head ? { id: head.id, time: head.time, host: head.host, label: labelOf(head) } : null;
    report.headIsNew = head ? !known.has(head.id) : false;
    report.protection = await inst.protection();
    const { playingElsewhereNow } = await import("../presence/status.ts");
    report.playingElsewhere = await playingElsewhereNow(inst, snapshots, locks).catch((e) => {
      inst.reporter.debug?.(`presence: cannot read other computers' records: ${(e as Error).message}`);
      return [];
    });
  } catch (e) {
    if (!(e instanceof OfflineError)) throw e;
    report.offline = e.message;
  }
  // Only a complete answer records what it validated: an offline status changes nothing on disk.
  if (!report.offline) await saveReceipts(inst.paths);
  return report;
}

/** One line of `history`. */
export interface HistoryEntry {
  id: string;
  shortId: string;
  time: string;
  host: string;
  label?: string;
  parent: string | null | undefined;
  tags: string[];
  head: boolean;
  base: boolean;
  sideCopy: boolean;
  /** True when this snapshot's parent has other children too (machines forked there). */
  fork: boolean;
  /** The worlds this snapshot added, changed or removed (see core/worlds/timeline.ts). */
  worlds: WorldRecord[];
}

/** Lists the instance's snapshots newest first, with the history graph's markers. */
export async function history(options: SyncOptions): Promise<HistoryEntry[] | null> {
  const inst = await Instance.open(options);
  if (!inst) return null;
  const entries = await historyOf(inst);
  await saveReceipts(inst.paths);
  return entries;
}

/** `history` on an open instance (the world browser and `history --world` reuse it). */
export async function historyOf(inst: Instance): Promise<HistoryEntry[]> {
  const state = await inst.readState();
  const ids = await inst.listIds();
  if (ids.length === 0) return [];
  const snapshots: Snapshot[] = await inst.snapshots(ids);
  const { worldTimeline } = await import("../worlds/timeline.ts"); // history's alone, not status's
  const worlds = await worldTimeline(inst, snapshots);
  const head = headOf(snapshots);
  const forks = forkPoints(snapshots);
  return newestFirst(snapshots).map((s) => {
    const parent = parentOf(s);
    return {
      id: s.id,
      shortId: s.id.slice(0, 8),
      time: s.time,
      host: s.host,
      label: labelOf(s),
      parent,
      tags: s.tags ?? [],
      head: s.id === head?.id,
      base: s.id === state.base?.id,
      sideCopy: isSideCopy(s),
      fork: parent !== undefined && !isSideCopy(s) && forks.has(parent ?? "none"),
      worlds: worlds.get(s.id) ?? [],
    };
  });
}
