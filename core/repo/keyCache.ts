/**
 * The master-key cache (DESIGN 11): one file per repository id in the user's cache folder, mode
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
import { join, posix, win32 } from "../fs/path.ts";
import { z } from "zod";
import { readTextOrNull, writeFileAtomic } from "../fs/atomic.ts";
import { userConfigDir } from "../config/machine.ts";
import type { Protection } from "../restic/passwords.ts";
import { type CryptoKey32, splitKey } from "./crypto.ts";
import { HEX64 } from "./hash.ts";
import { fromBase64, keyBytes, toBase64 } from "./keyFile.ts";

/** Where cached keys live and the per-computer secret that binds them (see the module comment). */
export interface KeyCache {
  dir: string;
  secretFile: string;
}

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
 * The folder for cached keys: `$INSTANCE_SYNC_CACHE_DIR`, else the OS cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`) + `instance-sync/keys`;
 * null when the environment names no home (then nothing is cached).
 */
export function keyCacheDir(env: Record<string, string | undefined>, os = Deno.build.os): string | null {
  if (env.INSTANCE_SYNC_CACHE_DIR) return join(env.INSTANCE_SYNC_CACHE_DIR, "keys");
  if (os === "windows") {
    const base = env.LOCALAPPDATA ??
      (env.USERPROFILE ? win32.join(env.USERPROFILE, "AppData", "Local") : null);
    return base ? win32.join(base, "instance-sync", "cache", "keys") : null;
  }
  if (os === "darwin") {
    return env.HOME ? posix.join(env.HOME, "Library", "Caches", "instance-sync", "keys") : null;
  }
  const base = env.XDG_CACHE_HOME || (env.HOME ? posix.join(env.HOME, ".cache") : null);
  return base ? posix.join(base, "instance-sync", "keys") : null;
}

/**
 * The key cache of this user: its folder, and its secret in the user's config folder (machine.ts). An
 * environment that names a cache folder (`INSTANCE_SYNC_CACHE_DIR`) but no config folder at all (an
 * embedder passing a bare environment) keeps the secret in that cache folder, beside `keys/`; null
 * when there is no cache folder (nothing is cached).
 */
export function keyCache(env: Record<string, string | undefined>, os = Deno.build.os): KeyCache | null {
  const dir = keyCacheDir(env, os);
  if (dir === null) return null;
  const path = os === "windows" ? win32 : posix;
  const config = userConfigDir(env, os) ?? env.INSTANCE_SYNC_CACHE_DIR;
  return config ? { dir, secretFile: path.join(config, "key-cache.secret") } : null;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function unhex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

// WebCrypto, not a hashing package: it is built into the runtime, so reading a cached key loads nothing.
async function locationOf(display: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(display))));
}

/** The per-computer secret; made (0600) when `create` and missing or unreadable, else null. */
async function readSecret(file: string, create: boolean): Promise<Uint8Array | null> {
  const text = (await readTextOrNull(file).catch(() => null))?.trim();
  if (text && HEX64.test(text)) return unhex(text);
  if (!create) return null;
  await Deno.mkdir((Deno.build.os === "windows" ? win32 : posix).dirname(file), {
    recursive: true,
    mode: 0o700,
  });
  await writeFileAtomic(file, hex(crypto.getRandomValues(new Uint8Array(32))) + "\n", 0o600);
  // Two runs making it at once: the last rename wins, so use what is on disk.
  const written = (await readTextOrNull(file))?.trim();
  return written && HEX64.test(written) ? unhex(written) : null;
}

async function bindingOf(secret: Uint8Array, password: string, repositoryId: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    secret as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const message = new TextEncoder().encode(`instance-sync key cache v2\0${repositoryId}\0${password}`);
  return hex(new Uint8Array(await crypto.subtle.sign("HMAC", key, message)));
}

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
