/**
 * Which key restic opens an instance's repository with (core/repo/fastKey.ts): the fast key whenever
 * this computer can have the master key — cached, opened by this run's in-process read, or derived now
 * in-process, which costs what restic's own derivation would have — else the repository's password
 * (derived from the token, or the token's own for older repositories: core/restic/passwords.ts).
 */
import { cachedKeys, type KeyCache, keyCache, storeKey } from "../repo/keyCache.ts";
import { type FastKey, fastPassword, findOrCreateFastKey } from "../repo/fastKey.ts";
import type { RepoSession } from "../repo/snapshots.ts";
import type { RepoTarget } from "../restic/repo.ts";
import type { FastKeySource } from "../restic/driver.ts";

export interface ResticKeyOptions {
  target: RepoTarget;
  env: Record<string, string | undefined>;
  /** Written into a fast key this computer makes (restic's `key list` shows it). */
  host: string;
  /** This run's in-process session with the repository, opened on first use (key cached or derived). */
  session: () => Promise<RepoSession>;
  debug: (message: string) => void;
}

/**
 * The driver's source of the fast key; every failure is a debug line and the repository's password,
 * except another instance's repository at this address (WrongRepositoryError), which stops the run.
 */
export function fastKeySource(o: ResticKeyOptions): FastKeySource {
  const cache = keyCache(o.env);
  return {
    async get() {
      if (!cache || o.target.kind === "other") return null;
      try {
        return await find(cache, o);
      } catch (e) {
        // Another instance's repository at this address is refused, not worked around.
        if ((e as Error).name === "WrongRepositoryError") throw e;
        o.debug(`restic opens the repository with its password: ${(e as Error).message}`);
        return null;
      }
    },
    async rejected(key) {
      o.debug(`restic refused the fast key ${key.id.slice(0, 8)}: running again with the password`);
      if (!cache) return;
      for (const entry of await cachedKeys(cache, o.target.password, o.target.display)) {
        if (entry.fastKey === key.id) {
          await storeKey(cache, {
            password: o.target.password,
            display: o.target.display,
            repositoryId: entry.repositoryId,
            protection: entry.protection,
          }, entry.key);
        }
      }
    },
  };
}

async function find(cache: KeyCache, o: ResticKeyOptions): Promise<FastKey | null> {
  // The usual run: this computer found or made the fast key before, and only its password is computed
  // (no request; restic checks the key, and a key it refuses is forgotten and the password used).
  const here = (await cachedKeys(cache, o.target.password, o.target.display)).find((e) => e.sameLocation);
  if (here?.fastKey) return { id: here.fastKey, password: await fastPassword(here.key, here.repositoryId) };
  const session = await o.session();
  const { key, id: repositoryId, protection } = session.repository;
  const fast = await findOrCreateFastKey(session.files.origin ?? session.files, key, repositoryId, o.host);
  const entry = { password: o.target.password, display: o.target.display, repositoryId, protection };
  await storeKey(cache, { ...entry, fastKey: fast.id }, key)
    .catch((e) => o.debug(`cannot remember the fast key in "${cache.dir}": ${(e as Error).message}`));
  return fast;
}
