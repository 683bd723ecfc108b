/**
 * The sealed-blob framing against an independent AES: @noble/ciphers (what this reader used before
 * WebCrypto) must produce the same key stream and MAC, including where restic's 128-bit big-endian
 * counter carries across 64 bits and wraps around at 2^128.
 */
import assert from "node:assert/strict";
import { ctr, ecb } from "@noble/ciphers/aes.js";
import { poly1305 } from "@noble/ciphers/_poly1305.js";
import { authenticates, openSealed, seal, splitKey } from "../../../core/repo/crypto.ts";
import { IntegrityError } from "../../../core/repo/errors.ts";

const key = splitKey(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff));
const plaintext = Uint8Array.from({ length: 100 }, (_, i) => (i * 13) & 0xff);

function ivWith(high: number, lowTail: number[]): Uint8Array {
  const iv = new Uint8Array(16).fill(high);
  iv.set(lowTail, 16 - lowTail.length);
  return iv;
}

const IVS: Record<string, Uint8Array> = {
  "an ordinary IV": Uint8Array.from({ length: 16 }, (_, i) => i * 7),
  "the low 64 bits about to carry": (() => {
    const iv = new Uint8Array(16);
    iv.fill(0xff, 8); // …00 ff ff ff ff ff ff ff fe → carries into byte 7 in the second block
    iv[15] = 0xfe;
    return iv;
  })(),
  "the counter about to wrap at 2^128": ivWith(0xff, [0xfe]),
};

for (const [name, iv] of Object.entries(IVS)) {
  Deno.test(`seal agrees with an independent AES-CTR and Poly1305-AES for ${name}`, async () => {
    const sealed = await seal(key, plaintext, iv);
    const expectedCipher = ctr(key.encrypt, iv).encrypt(plaintext);
    assert.deepEqual(sealed.subarray(16, 16 + plaintext.length), expectedCipher);
    const s = ecb(key.macK, { disablePadding: true }).encrypt(iv);
    const oneTime = new Uint8Array(32);
    oneTime.set(key.macR, 0);
    oneTime.set(s, 16);
    assert.deepEqual(sealed.subarray(16 + plaintext.length), poly1305(expectedCipher, oneTime));
    assert.deepEqual(await openSealed(key, sealed, "blob"), plaintext);
    assert.equal(await authenticates(key, sealed), true);
  });
}

Deno.test("a sealed blob with one flipped bit fails authentication and is never decrypted", async () => {
  const sealed = await seal(key, plaintext, IVS["an ordinary IV"]);
  sealed[20] ^= 1;
  assert.equal(await authenticates(key, sealed), false);
  await assert.rejects(openSealed(key, sealed, "Snapshot 1234"), (e: unknown) => {
    assert.ok(e instanceof IntegrityError);
    assert.match(e.message, /^Snapshot 1234 failed authentication/);
    return true;
  });
});
