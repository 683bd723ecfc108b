/**
 * The plaintext of an unpacked file (config, snapshots/*): JSON in repository version 1; in version 2
 * the first byte says how — `[` or `{` plain JSON, 2 a zstd frame of JSON follows (restic design
 * document, "Repository Format").
 */
import { decompress } from "fzstd";
import { IntegrityError } from "./errors.ts";

const COMPRESSED_V2 = 2;

/** Parses the plaintext of an unpacked file as JSON, decompressing a version-2 zstd body first. */
export function decodeUnpacked(plain: Uint8Array, version: 1 | 2, what: string): unknown {
  let json = plain;
  if (version === 2 && plain[0] === COMPRESSED_V2) {
    try {
      json = decompress(plain.subarray(1));
    } catch (e) {
      throw new IntegrityError(`${what} holds a zstd body that does not decompress: ${(e as Error).message}`);
    }
  } else if (plain[0] !== 0x5b && plain[0] !== 0x7b) { // "[" or "{"
    throw new IntegrityError(`${what} is neither JSON nor a known encoding (first byte ${plain[0]})`);
  }
  try {
    return JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new IntegrityError(`${what} does not hold valid JSON`);
  }
}
