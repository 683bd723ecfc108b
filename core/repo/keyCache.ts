/**
 * The master-key cache (DESIGN 11): one file per repository id in the user's cache folder, mode
 * 0600, never in a pack folder. A repository's master key never changes and anyone with the password
 * can derive it from the key file, so the cache holds nothing the token file does not already give
 * away; it only saves the scrypt derivation (~0.5 s) on every run. Each entry is bound to the
 * password by an HMAC: after a token change the entry no longer matches and the key is derived anew.
 * Deleting the folder is always safe.
 */
import { join } from "../fs/path.ts";
import { z } from "zod";
import { writeFileAtomic } from "../fs/atomic.ts";
import { type CryptoKey32, splitKey } from "./crypto.ts";
import { HEX64 } from "./hash.ts";
import { fromBase64, keyBytes, toBase64 } from "./keyFile.ts";
import { bindingOf, locationOf } from "./keyCacheEntry.ts";

export { keyCacheDir } from "./keyCacheEntry.ts";

/** A cached key: the repository it opens, where that repository was, and the key itself. */
export interface CachedKey {
  repositoryId: string;
  /** True when the entry was stored for the same repository location as asked now. */
  sameLocation: boolean;
  key: CryptoKey32;
  /** The id of the repository's fast key (fastKey.ts), once this computer has found or made it. */
  fastKey?: string;
}

const Entry = z.object({
  version: z.literal(1),
  repository: z.string().regex(HEX64),
  binding: z.string(),
  /** SHA-256 of the repository location (credentials redacted): finds the entry that should fit. */
  location: z.string(),
  key: z.string(),
  /** Added later: entries written before it simply have no fast key yet. */
  fastKey: z.string().regex(HEX64).optional(),
});

/**
 * The cached keys bound to `password`, those stored for `display`'s location first (the caller takes
 * the one whose MAC fits the repository's config). Unreadable or malformed entries are ignored: it is only a cache.
 */
export async function cachedKeys(dir: string, password: string, display: string): Promise<CachedKey[]> {
  const out: CachedKey[] = [];
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && HEX64.test(e.name)) names.push(e.name);
    }
  } catch {
    return out;
  }
  const here = await locationOf(display);
  for (const name of names) {
    try {
      const entry = Entry.parse(JSON.parse(await Deno.readTextFile(join(dir, name))));
      if (entry.repository !== name || entry.binding !== await bindingOf(password, name)) continue;
      const sameLocation = entry.location === here;
      out.push({
        repositoryId: name,
        sameLocation,
        key: splitKey(fromBase64(entry.key)),
        fastKey: entry.fastKey,
      });
    } catch {
      // a torn or foreign file: ignore it, the key is derived again
    }
  }
  return out.sort((a, b) => Number(b.sameLocation) - Number(a.sameLocation));
}

/** Stores the master key of `repositoryId` (mode 0600, folder 0700), and its fast key's id when known. */
export async function storeKey(
  dir: string,
  password: string,
  display: string,
  repositoryId: string,
  key: CryptoKey32,
  fastKey?: string,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const entry = {
    version: 1,
    repository: repositoryId,
    binding: await bindingOf(password, repositoryId),
    location: await locationOf(display),
    key: toBase64(keyBytes(key)),
    ...(fastKey ? { fastKey } : {}),
  };
  await writeFileAtomic(join(dir, repositoryId), JSON.stringify(entry) + "\n", 0o600);
}

/** Drops the entry of `repositoryId` (it no longer authenticates the repository). */
export async function dropKey(dir: string, repositoryId: string): Promise<void> {
  await Deno.remove(join(dir, repositoryId)).catch(() => {});
}
