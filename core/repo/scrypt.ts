/**
 * scrypt for restic key files: the runtime's native one (`node:crypto`, run off the main thread).
 * With restic's parameters (N = 2^15, r = 8, p up to 7) it takes about as long as restic's own Go
 * code (0.6 s on the bench machine), where @noble/hashes took 1.9 s under the bench's V8 flags. Deriving
 * in-process is therefore no dearer than letting restic derive, which the fast key relies on.
 */
import { scrypt as nodeScrypt } from "node:crypto";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** scrypt(password, salt) → `dkLen` bytes. */
export function scrypt(
  password: Uint8Array,
  salt: Uint8Array,
  { N, r, p }: ScryptParams,
  dkLen = 64,
): Promise<Uint8Array> {
  // node refuses to use more than `maxmem` (default 32 MiB, exactly restic's 128·N·r): allow twice that.
  const maxmem = 2 * 128 * N * r + (1 << 20);
  return new Promise((resolve, reject) =>
    nodeScrypt(
      password,
      salt,
      dkLen,
      { N, r, p, maxmem },
      (e, key) => e ? reject(e) : resolve(new Uint8Array(key)),
    )
  );
}
