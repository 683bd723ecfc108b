/**
 * The master-key cache (docs/contract.md#reading-restics-files-in-process): one file per repository id in the user's cache folder, mode
 * 0600, never in a pack folder. A repository's master key never changes and anyone with the password
 * can derive it from the key file, so the cache holds nothing the token file does not already give
 * away; it only saves the scrypt derivation (~0.5 s) on every run. Deleting the folder is always safe.
 *
 * Each entry is bound to the token's password, so that after a token change the key is derived anew —
 * but a binding anyone could recompute from a guess would be a password check a script runs at
 * hundreds of thousands of guesses a second, where the repository's key files cost a scrypt each.
 * So the binding is an HMAC keyed with a per-computer secret (32 random bytes, `key-cache.secret`,
 * 0600, in the user's config folder, not beside the cache): the cache alone verifies nothing about a
 * guess, and whoever can read the secret too is this user, who can read the token file itself.
 */
import { join } from "../fs/path.ts";
import { z } from "zod";
import { writeFileAtomic } from "../fs/atomic.ts";
import type { Protection } from "../restic/passwords.ts";
import { type CryptoKey32, splitKey } from "./crypto.ts";
import { HEX64 } from "./hash.ts";
import { fromBase64, keyBytes, toBase64 } from "./keyFile.ts";
import { bindingOf, type KeyCache, locationOf, readSecret } from "./keyCacheEntry.ts";

export { type KeyCache, keyCache, keyCacheDir } from "./keyCacheEntry.ts";

/** A cached key: the repository it opens, where that repository was, and the key itself. */
export interface CachedKey {
  repositoryId: string;
  /** True when the entry was stored for the same repository location as asked now. */
  sameLocation: boolean;
  key: CryptoKey32;
  /** The id of the repository's fast key (fastKey.ts), once this computer has found or made it. */
  fastKey?: string;
  /** Which password opened the repository when the key was derived (core/restic/passwords.ts). */
  protection: Protection;
}

const Entry = z.object({
  version: z.literal(2),
  repository: z.string().regex(HEX64),
  /** HMAC-SHA-256 keyed with the per-computer secret over the repository id and the token's password. */
  binding: z.string().regex(HEX64),
  /** SHA-256 of the repository location (credentials redacted): finds the entry that should fit. */
  location: z.string(),
  key: z.string(),
  fastKey: z.string().regex(HEX64).optional(),
  protection: z.enum(["protected", "server-readable"]),
});

/**
 * The cached keys bound to `password` (the token's), those stored for `display`'s location first (the
 * caller takes the one whose MAC fits the repository's config). Unreadable, malformed and older
 * entries are ignored, and so is every entry when the secret is missing: it is only a cache.
 */
export async function cachedKeys(cache: KeyCache, password: string, display: string): Promise<CachedKey[]> {
  const out: CachedKey[] = [];
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(cache.dir)) {
      if (e.isFile && HEX64.test(e.name)) names.push(e.name);
    }
  } catch {
    return out;
  }
  if (names.length === 0) return out;
  const secret = await readSecret(cache.secretFile, false);
  if (!secret) return out;
  const here = await locationOf(display);
  for (const name of names) {
    try {
      const entry = Entry.parse(JSON.parse(await Deno.readTextFile(join(cache.dir, name))));
      if (entry.repository !== name || entry.binding !== await bindingOf(secret, password, name)) continue;
      out.push({
        repositoryId: name,
        sameLocation: entry.location === here,
        key: splitKey(fromBase64(entry.key)),
        fastKey: entry.fastKey,
        protection: entry.protection,
      });
    } catch {
      // a torn, foreign or older file: ignore it, the key is derived again (and the entry rewritten)
    }
  }
  return out.sort((a, b) => Number(b.sameLocation) - Number(a.sameLocation));
}

/** What storeKey writes besides the key: the repository, where it is, and how it was opened. */
export interface KeyEntry {
  /** The token's password: bound by HMAC with the per-computer secret, never stored. */
  password: string;
  display: string;
  repositoryId: string;
  protection: Protection;
  fastKey?: string;
}

/** Stores the master key of a repository (mode 0600, folder 0700), and its fast key's id when known. */
export async function storeKey(cache: KeyCache, e: KeyEntry, key: CryptoKey32): Promise<void> {
  const secret = await readSecret(cache.secretFile, true);
  if (!secret) throw new Error(`cannot keep the key cache's secret in "${cache.secretFile}"`);
  await Deno.mkdir(cache.dir, { recursive: true, mode: 0o700 });
  const entry: z.infer<typeof Entry> = {
    version: 2,
    repository: e.repositoryId,
    binding: await bindingOf(secret, e.password, e.repositoryId),
    location: await locationOf(e.display),
    key: toBase64(keyBytes(key)),
    ...(e.fastKey ? { fastKey: e.fastKey } : {}),
    protection: e.protection,
  };
  await writeFileAtomic(join(cache.dir, e.repositoryId), JSON.stringify(entry) + "\n", 0o600);
}

/** Drops the entry of `repositoryId` (it no longer authenticates the repository). */
export async function dropKey(cache: KeyCache, repositoryId: string): Promise<void> {
  await Deno.remove(join(cache.dir, repositoryId)).catch(() => {});
}
