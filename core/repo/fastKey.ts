/**
 * The fast key (README, "The fast key"): restic spends ~0.6 s of every backup and restore deriving
 * its key from the password with scrypt. scrypt's cost only protects a password that can be guessed;
 * this one cannot. So each repository gets one more key file that seals the same
 * master key under a 256-bit password computed from the master key itself (HMAC-SHA-256), with
 * scrypt parameters that cost a millisecond. Whoever can compute that password already holds the
 * master key, so the key file gives nobody anything new; the repository's password keeps opening the
 * repository as before (restic, the original tool and other computers are unaffected).
 *
 * Using it is best effort for speed (core/sync/resticKey.ts): when the fast key cannot be found, made
 * or used, restic runs with the repository's password (core/restic/passwords.ts) as it always did.
 */
import { type CryptoKey32, seal, splitKey } from "./crypto.ts";
import type { RepoFiles } from "./files.ts";
import { HEX64, sha256Hex } from "./hash.ts";
import { keyBytes, openKeyFile, toBase64 } from "./keyFile.ts";

/** What restic needs to open the repository with the fast key (RESTIC_KEY_HINT, RESTIC_PASSWORD). */
export interface FastKey {
  /** The key file's id: restic tries it first and needs no other. */
  id: string;
  /** The fast key's password — a secret, like the token: only ever in restic's environment. */
  password: string;
}

/** scrypt parameters of the fast key: 1 MiB and about a millisecond in restic (its own are 2^15 and up). */
export const FAST_KEY_PARAMS = { N: 1024, r: 8, p: 1 } as const;

/**
 * The fast key's password for a repository: HMAC-SHA-256 keyed with the 64 master-key bytes over a
 * label and the repository id, Base64. Every computer holding the master key computes the same one,
 * so a repository needs one fast key, not one per computer, and it is never stored anywhere.
 */
export async function fastPassword(master: CryptoKey32, repositoryId: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    keyBytes(master) as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const label = new TextEncoder().encode(`instance-sync fast restic key v1:${repositoryId}`);
  return toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, label)));
}

/** A restic key file (restic's `Key` JSON) sealing `master` under `password`, and its id. */
export async function makeKeyFile(
  master: CryptoKey32,
  password: string,
  host: string,
  now = new Date(),
): Promise<{ id: string; bytes: Uint8Array }> {
  const salt = crypto.getRandomValues(new Uint8Array(64));
  // Loaded here: a fast key is made once per repository, every later run only computes its password.
  const { scryptAsync } = await import("@noble/hashes/scrypt.js");
  const derived = await scryptAsync(new TextEncoder().encode(password), salt, {
    ...FAST_KEY_PARAMS,
    dkLen: 64,
  });
  const masterJson = JSON.stringify({
    mac: { k: toBase64(master.macK), r: toBase64(master.macR) },
    encrypt: toBase64(master.encrypt),
  });
  const data = await seal(
    splitKey(derived),
    new TextEncoder().encode(masterJson),
    crypto.getRandomValues(new Uint8Array(16)),
  );
  const bytes = new TextEncoder().encode(JSON.stringify({
    created: now.toISOString(),
    username: "instance-sync",
    hostname: host,
    kdf: "scrypt",
    ...FAST_KEY_PARAMS,
    salt: toBase64(salt),
    data: toBase64(data),
  }));
  return { id: await sha256Hex(bytes), bytes };
}

function sameKey(a: CryptoKey32, b: CryptoKey32): boolean {
  return toBase64(keyBytes(a)) === toBase64(keyBytes(b));
}

/**
 * The id of the repository's fast key, found among its key files (only cheap ones are tried: the
 * token's key costs a full scrypt) or made and stored now. `files` must be the repository itself,
 * not a cache in front of it.
 */
export async function findOrCreateFastKey(
  files: RepoFiles,
  master: CryptoKey32,
  repositoryId: string,
  host: string,
): Promise<FastKey> {
  const password = await fastPassword(master, repositoryId);
  for (const name of (await files.list("keys")).filter((n) => HEX64.test(n)).sort()) {
    const bytes = await files.get(`keys/${name}`);
    if (!bytes) continue;
    const opened = await openKeyFile(
      new TextDecoder().decode(bytes),
      password,
      `Key file ${name.slice(0, 8)}`,
      FAST_KEY_PARAMS.N,
    )
      .catch(() => null); // a key file of another kind is simply not ours
    if (opened && sameKey(opened, master)) return { id: name, password };
  }
  const made = await makeKeyFile(master, password, host);
  await files.create(`keys/${made.id}`, made.bytes);
  return { id: made.id, password };
}
