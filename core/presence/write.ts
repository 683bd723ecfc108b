/**
 * Writes this computer's presence record after a pull let the launch go ahead (docs/presence.md):
 * sealed with the cached master key, one POST or file write, then the earlier record of this
 * computer, if any, is deleted.
 */
import type { Instance } from "../sync/instance.ts";
import type { CryptoKey32 } from "../repo/crypto.ts";
import { cachedKeyFor, keyCache } from "../repo/keyCacheEntry.ts";
import { createLock, readConfig, removeLock } from "./lockFiles.ts";
import { type OwnRecord, writeOwnRecord } from "./ownRecord.ts";
import { sealRecord } from "./record.ts";

export async function recordLaunch(
  inst: Instance,
  snapshot: string | null,
  earlier: OwnRecord | null,
  { now = new Date(), config }: { now?: Date; config?: Promise<Uint8Array | null> } = {},
): Promise<void> {
  const opts = { signal: inst.options.signal };
  const [key, machine] = await Promise.all([sealingKey(inst, config), inst.machineId()]);
  const since = now.toISOString();
  const sealed = await sealRecord(key, {
    machine,
    host: inst.host,
    since,
    snapshot,
    instance: inst.config.instance_id,
  });
  await createLock(inst.target, sealed.id, sealed.bytes, opts);
  await writeOwnRecord(inst.paths, { id: sealed.id, since, snapshot });
  if (earlier && earlier.id !== sealed.id) {
    await removeLock(inst.target, earlier.id, opts).catch((e) =>
      inst.reporter.debug?.(`presence: cannot remove this computer's earlier record: ${(e as Error).message}`)
    );
  }
}

/**
 * The master key, from the user's key cache checked against the repository's `config` (one request,
 * made by the pull beside its listing when it can; no zod, so the hook path stays lean). Only without
 * a cached key (a computer's first sync) is the repository opened the usual way, which derives and
 * caches it.
 */
async function sealingKey(inst: Instance, prefetched?: Promise<Uint8Array | null>): Promise<CryptoKey32> {
  const cache = keyCache(inst.options.env ?? {});
  const config = cache
    ? await (prefetched ?? readConfig(inst.target, { signal: inst.options.signal }))
    : null;
  const cached = config && cache
    ? await cachedKeyFor(cache, inst.target.password, inst.target.display, config)
    : null;
  return cached ?? (await inst.openSession()).repository.key;
}
