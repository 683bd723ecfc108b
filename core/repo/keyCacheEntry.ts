/**
 * The master-key cache's folder and how an entry is bound to its password and location (keyCache.ts),
 * without zod: `cachedKeyFor` reads one entry for a launch hook's presence record (docs/presence.md),
 * which must not load zod's module graph for a handful of fields it checks by hand.
 */
import { join, posix, win32 } from "../fs/path.ts";
import { authenticates, type CryptoKey32, splitKey } from "./crypto.ts";
import { HEX64 } from "./hash.ts";

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

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// WebCrypto, not a hashing package: it is built into the runtime, so reading a cached key loads nothing.
export async function locationOf(display: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(display))));
}

export async function bindingOf(password: string, repositoryId: string): Promise<string> {
  const enc = new TextEncoder();
  // WebCrypto refuses an empty HMAC key; HMAC pads a key with zeros to the block size, so one zero
  // byte is the same key (the token format forbids an empty password; this keeps the function total).
  const raw = password === "" ? new Uint8Array(1) : enc.encode(password);
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(
    new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(`restic-master-key:${repositoryId}`))),
  );
}

/**
 * The cached master key that authenticates `sealedConfig` (the repository's `config` file), or null:
 * the entry stored for this location is tried first. Entries are checked by hand as keyCache.ts's
 * schema checks them; anything else is ignored (it is only a cache).
 */
export async function cachedKeyFor(
  dir: string,
  password: string,
  display: string,
  sealedConfig: Uint8Array,
): Promise<CryptoKey32 | null> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile && HEX64.test(e.name)) names.push(e.name);
  } catch {
    return null;
  }
  const here = await locationOf(display);
  const entries: { key: CryptoKey32; here: boolean }[] = [];
  for (const name of names) {
    try {
      const e = JSON.parse(await Deno.readTextFile(join(dir, name)));
      if (e?.version !== 1 || e.repository !== name || typeof e.key !== "string") continue;
      if (e.binding !== await bindingOf(password, name)) continue;
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
