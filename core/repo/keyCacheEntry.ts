/**
 * The master-key cache's folder, its per-computer secret and how an entry is bound and found
 * (keyCache.ts), without zod: `cachedKeyFor` reads one entry for a launch hook's presence record
 * (docs/presence.md), which must not load zod's module graph for a handful of fields it checks by hand.
 */
import { join, posix, win32 } from "../fs/path.ts";
import { readTextOrNull, writeFileAtomic } from "../fs/atomic.ts";
import { userConfigDir } from "../config/machine.ts";
import { authenticates, type CryptoKey32, splitKey } from "./crypto.ts";
import { HEX64 } from "./hash.ts";

/** Where cached keys live and the per-computer secret that binds them (see the module comment). */
export interface KeyCache {
  dir: string;
  secretFile: string;
}

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

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function unhex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
}

// WebCrypto, not a hashing package: it is built into the runtime, so reading a cached key loads nothing.
export async function locationOf(display: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(display))));
}

/** The per-computer secret; made (0600) when `create` and missing or unreadable, else null. */
export async function readSecret(file: string, create: boolean): Promise<Uint8Array | null> {
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

export async function bindingOf(secret: Uint8Array, password: string, repositoryId: string): Promise<string> {
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
 * The cached master key that authenticates `sealedConfig` (the repository's `config` file), or null:
 * the entry stored for this location is tried first. Entries are checked by hand as keyCache.ts's
 * schema checks them (version 2, bound with this computer's secret); anything else is ignored (it is
 * only a cache).
 */
export async function cachedKeyFor(
  cache: KeyCache,
  password: string,
  display: string,
  sealedConfig: Uint8Array,
): Promise<CryptoKey32 | null> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(cache.dir)) if (e.isFile && HEX64.test(e.name)) names.push(e.name);
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  const secret = await readSecret(cache.secretFile, false);
  if (!secret) return null;
  const here = await locationOf(display);
  const entries: { key: CryptoKey32; here: boolean }[] = [];
  for (const name of names) {
    try {
      const e = JSON.parse(await Deno.readTextFile(join(cache.dir, name)));
      if (e?.version !== 2 || e.repository !== name || typeof e.key !== "string") continue;
      if (e.binding !== await bindingOf(secret, password, name)) continue;
      const bytes = Uint8Array.from(atob(e.key), (c) => c.charCodeAt(0));
      entries.push({ key: splitKey(bytes), here: e.location === here });
    } catch {
      // a torn or foreign file: not a key
    }
  }
  entries.sort((a, b) => Number(b.here) - Number(a.here));
  for (const { key } of entries) if (await authenticates(key, sealedConfig)) return key;
  return null;
}
