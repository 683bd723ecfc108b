/**
 * restic key files (`keys/<id>`, plain JSON): scrypt parameters and the master key sealed under the
 * key derived from the password. Opening one costs a full scrypt (~0.5 s with restic's parameters),
 * which is why the result is cached (masterKey.ts).
 */
import { z } from "zod";
import { type CryptoKey32, openSealed, splitKey } from "./crypto.ts";
import { IntegrityError } from "./errors.ts";

/**
 * A key file this reader does not understand (another KDF, parameters out of range, an unexpected
 * payload): not a verdict on the repository, so the caller falls back to restic.
 */
export class UnsupportedKeyFileError extends Error {}

/** scrypt's memory (128·N·r bytes) allowed for one key file: restic calibrates to at most 60 MiB. */
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
/**
 * scrypt's total work (128·N·r·p): 256 MiB four times over. restic raises p (up to 7 seen) while its
 * N stays small, so the bound is on the product, which p ≤ 4 at the memory limit amounts to.
 */
export const MAX_SCRYPT_WORK = 4 * MAX_SCRYPT_MEMORY;
/**
 * scrypt's total work (the sum of 128·N·r·p) over every key file one open derives, with both
 * passwords (the derived one and the token's). Without it 20 key files at MAX_SCRYPT_WORK, each tried
 * with two passwords, cost 40 GiB of scrypt: minutes of a launch. restic's own key files cost at most
 * 32 MiB 7 times over, so this is nine of them tried with both passwords (a repository holds one, plus
 * the cheap fast keys).
 */
export const MAX_SCRYPT_WORK_PER_OPEN = 4 * MAX_SCRYPT_WORK;

/** What is left of an open's scrypt work (MAX_SCRYPT_WORK_PER_OPEN), spent by openKeyFile. */
export interface ScryptBudget {
  left: number;
}

/**
 * A key file whose scrypt parameters would cost more than any restic writes (a hostile server's way
 * to exhaust memory and time): never derived, here or by restic (an IntegrityError: no fallback).
 */
export class KeyFileLimitError extends IntegrityError {}

const KeyFileJson = z.object({
  kdf: z.literal("scrypt"),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string(),
  data: z.string(),
});

const MasterKeyJson = z.object({
  mac: z.object({ k: z.string(), r: z.string() }),
  encrypt: z.string(),
});

export function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The 64 bytes of a key: encrypt (32), mac k (16), mac r (16), as restic's KDF lays them out. */
export function keyBytes(key: CryptoKey32): Uint8Array {
  const out = new Uint8Array(64);
  out.set(key.encrypt, 0);
  out.set(key.macK, 32);
  out.set(key.macR, 48);
  return out;
}

/**
 * Opens one key file with the password: null when the password does not fit this key file (its MAC
 * fails under the derived key), the master key otherwise. A file of another shape is an UnsupportedKeyFileError.
 */
export async function openKeyFile(
  text: string,
  password: string,
  what: string,
  /** Only try key files this cheap (scrypt's N at most this): a dearer one is answered null untried. */
  maxN = Infinity,
  /** Spent by each derivation; one that would overdraw it is a KeyFileLimitError, untried. */
  budget?: ScryptBudget,
): Promise<CryptoKey32 | null> {
  let parsed;
  try {
    parsed = KeyFileJson.parse(JSON.parse(text));
  } catch {
    throw new UnsupportedKeyFileError(`${what} is not a restic scrypt key file`);
  }
  // scrypt needs 128·N·r bytes, p times over: refuse what would exhaust memory or time.
  const memory = 128 * parsed.N * parsed.r;
  if (memory > MAX_SCRYPT_MEMORY || memory * parsed.p > MAX_SCRYPT_WORK) {
    throw new KeyFileLimitError(
      `${what} asks for scrypt with N=${parsed.N}, r=${parsed.r}, p=${parsed.p} ` +
        `(${Math.round(memory / 2 ** 20)} MiB, ${parsed.p} times), beyond what restic writes; not tried`,
    );
  }
  // Affordable but of a shape restic does not write: restic's to read (the caller falls back).
  if (parsed.r > 32 || parsed.p > 16) {
    throw new UnsupportedKeyFileError(`${what} asks for scrypt parameters this reader does not use`);
  }
  if (parsed.N > maxN) return null;
  if (budget) {
    const work = memory * parsed.p;
    if (work > budget.left) {
      throw new KeyFileLimitError(
        `${what} would take the scrypt work of this repository's key files past ` +
          `${MAX_SCRYPT_WORK_PER_OPEN / 2 ** 30} GiB (more than restic's key files ever need); not tried`,
      );
    }
    budget.left -= work;
  }
  // Loaded here: with a cached master key (the usual run) no key file is opened and scrypt is not needed.
  const { scrypt } = await import("./scrypt.ts");
  const derived = await scrypt(new TextEncoder().encode(password), fromBase64(parsed.salt), parsed);
  let plain: Uint8Array;
  try {
    plain = await openSealed(splitKey(derived), fromBase64(parsed.data), what);
  } catch (e) {
    if (e instanceof IntegrityError) return null; // another password's key file
    throw e;
  }
  try {
    const master = MasterKeyJson.parse(JSON.parse(new TextDecoder().decode(plain)));
    const key = {
      encrypt: fromBase64(master.encrypt),
      macK: fromBase64(master.mac.k),
      macR: fromBase64(master.mac.r),
    };
    if (key.encrypt.length === 32 && key.macK.length === 16 && key.macR.length === 16) return key;
    throw new Error("bad key lengths");
  } catch {
    throw new UnsupportedKeyFileError(`${what} decrypts to something that is not a master key`);
  }
}
