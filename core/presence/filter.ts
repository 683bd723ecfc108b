/**
 * Tells presence records apart from restic's own locks, for the stale-lock cleanup after a backup
 * (core/restic/driver.ts `unlockStale`): `restic unlock` removes every lock older than 30 minutes, and
 * a game session lasts longer than that, so it must not run just because another computer is playing.
 */
import type { InstancePaths } from "../config/paths.ts";
import type { CryptoKey32 } from "../repo/crypto.ts";
import type { RepoTarget } from "../restic/repo.ts";
import type { Reporter } from "../ui.ts";
import { readLock } from "./lockFiles.ts";
import { readOwnRecord } from "./ownRecord.ts";
import { openRecord } from "./openRecord.ts";

/**
 * What the filter needs of an instance (core/sync/instance.ts's `Instance` fits): named here rather
 * than imported, since the instance itself loads this module.
 */
export interface PresenceFilterHost {
  paths: InstancePaths;
  target: RepoTarget;
  options: { signal?: AbortSignal };
  reporter: Reporter;
  openSession(): Promise<{ repository: { key: CryptoKey32; version: 1 | 2 } }>;
}

/** The ids among `ids` that are not presence records; all of them when that cannot be told. */
export async function notPresence(inst: PresenceFilterHost, ids: string[]): Promise<string[]> {
  const own = await readOwnRecord(inst.paths);
  const rest = ids.filter((id) => id !== own?.id);
  if (rest.length === 0) return [];
  try {
    const { repository } = await inst.openSession();
    const kept = await Promise.all(rest.map(async (id) => {
      const bytes = await readLock(inst.target, id, { signal: inst.options.signal });
      if (!bytes) return null; // gone meanwhile
      const record = await openRecord(repository.key, repository.version, id, bytes).catch(() => null);
      return record ? null : id;
    }));
    return kept.filter((id): id is string => id !== null);
  } catch (e) {
    inst.reporter.debug?.(`presence: cannot tell presence records from other locks: ${(e as Error).message}`);
    return rest;
  }
}
