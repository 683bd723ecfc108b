import { join } from "node:path";
import type { KeyCache } from "../../core/repo/keyCache.ts";

/** A key cache under `work`: its folder, and its per-computer secret in a separate config folder. */
export function testKeyCache(work: string, name = "key-cache"): KeyCache {
  return { dir: join(work, name), secretFile: join(work, "config", "key-cache.secret") };
}
