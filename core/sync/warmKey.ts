import { Instance } from "./instance.ts";
import type { SyncOptions } from "./options.ts";

/**
 * After `init` joins an existing instance: reads its snapshots once, so the repository's master key
 * is derived and cached now, while the player is setting up, and not by the first pull before a game
 * launch (~0.6 s of scrypt). Best effort, bounded by `timeoutMs`: false when there was nothing to read
 * or it did not work (the first pull then derives the key as usual); never starts restic.
 */
export async function warmKeyCache(options: SyncOptions, timeoutMs = 5000): Promise<boolean> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const inst = await Instance.open({ ...options, signal });
    if (!inst || inst.target.kind === "other") return false;
    const ids = await inst.listIds();
    if (ids.length === 0) return false;
    const { keyCache, readSnapshots } = await import("../repo/mod.ts");
    const cache = keyCache(options.env ?? {});
    if (!cache) return false;
    await readSnapshots(inst.target, ids, { keyCache: cache, signal });
    return true;
  } catch (e) {
    options.reporter?.debug?.(`could not cache the repository key now: ${(e as Error).message}`);
    return false;
  }
}
