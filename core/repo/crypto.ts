/**
 * restic's authenticated encryption (restic design document, "Keys, Encryption and MAC"): every
 * sealed blob is `IV (16) || AES-256-CTR ciphertext || Poly1305-AES MAC (16)`, the MAC taken over the
 * ciphertext with the IV as nonce. AES is WebCrypto's (native; noble's AES module took about 17 ms to
 * load), Poly1305 comes from @noble/ciphers; only the framing is ours.
 */
import { poly1305 } from "@noble/ciphers/_poly1305.js";
import { IntegrityError } from "./errors.ts";

/** A repository's master key (or a key file's derived user key): 32 bytes AES, 16 + 16 bytes MAC. */
export interface CryptoKey32 {
  encrypt: Uint8Array;
  /** Poly1305-AES `k`: the AES-128 key that encrypts the nonce. */
  macK: Uint8Array;
  /** Poly1305-AES `r`: the polynomial key (clamped by poly1305 itself). */
  macR: Uint8Array;
}

const IV = 16;
const MAC = 16;

/**
 * Authenticates and decrypts one sealed blob. The MAC is checked before anything is decrypted; a
 * mismatch throws IntegrityError naming `what` (a tampered file, or the wrong key).
 */
export async function openSealed(key: CryptoKey32, sealed: Uint8Array, what: string): Promise<Uint8Array> {
  if (sealed.length < IV + MAC) throw new IntegrityError(`${what} is too short to be a restic file`);
  const iv = sealed.subarray(0, IV);
  const ciphertext = sealed.subarray(IV, sealed.length - MAC);
  const expected = await macOf(key, iv, ciphertext);
  if (!equalConstantTime(expected, sealed.subarray(sealed.length - MAC))) {
    throw new IntegrityError(`${what} failed authentication (tampered, damaged, or another key)`);
  }
  return await aesCtr(key.encrypt, iv, ciphertext);
}

/** True when `sealed` authenticates under `key` (no decryption): how a cached key is tried. */
export async function authenticates(key: CryptoKey32, sealed: Uint8Array): Promise<boolean> {
  if (sealed.length < IV + MAC) return false;
  const iv = sealed.subarray(0, IV);
  return equalConstantTime(
    await macOf(key, iv, sealed.subarray(IV, sealed.length - MAC)),
    sealed.subarray(sealed.length - MAC),
  );
}

/** Poly1305-AES: the one-time key is `r || AES-128_k(nonce)`. */
async function macOf(key: CryptoKey32, nonce: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  // One AES block, E_k(nonce), is the first block of CTR's key stream from counter = nonce.
  const s = await aesCtr(key.macK, nonce, new Uint8Array(16));
  const oneTime = new Uint8Array(32);
  oneTime.set(key.macR, 0);
  oneTime.set(s, 16);
  return poly1305(message, oneTime);
}

/**
 * AES-CTR as restic (Go's cipher.NewCTR) runs it: the whole 16-byte IV is the counter, incremented
 * big-endian (WebCrypto `length: 128`). Encryption and decryption are the same operation.
 */
async function aesCtr(rawKey: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", rawKey as BufferSource, "AES-CTR", false, ["encrypt"]);
  const out = await crypto.subtle.encrypt(
    { name: "AES-CTR", counter: iv.slice() as BufferSource, length: 128 },
    key,
    data as BufferSource,
  );
  return new Uint8Array(out);
}

function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** Splits 64 bytes (scrypt's output, or a decoded master key) into the three keys. */
export function splitKey(bytes: Uint8Array): CryptoKey32 {
  if (bytes.length !== 64) throw new IntegrityError(`A restic key must be 64 bytes, got ${bytes.length}`);
  return { encrypt: bytes.slice(0, 32), macK: bytes.slice(32, 48), macR: bytes.slice(48, 64) };
}

/** The inverse of openSealed (restic's layout): what tests use to write key files restic accepts. */
export async function seal(key: CryptoKey32, plaintext: Uint8Array, iv: Uint8Array): Promise<Uint8Array> {
  const ciphertext = await aesCtr(key.encrypt, iv, plaintext);
  const out = new Uint8Array(IV + ciphertext.length + MAC);
  out.set(iv, 0);
  out.set(ciphertext, IV);
  out.set(await macOf(key, iv, ciphertext), IV + ciphertext.length);
  return out;
}
