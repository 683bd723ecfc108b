/**
 * A small, dependency-free reader of Java Edition NBT (big-endian, tags 0–12), for reading a world's
 * level.dat on the push path: prismarine-nbt costs ~200 ms of cold import (a CommonJS tree that compiles
 * its protocol at load), more than the parse of a few kilobytes. It is bounded: a truncated, corrupt or
 * hostile file throws an `NbtError` without a hang or an allocation larger than the input, and a file
 * of many tiny tags (a "bomb": 64 KB of gzip that inflates to millions of empty compounds) is refused
 * by its tag count long before it costs real memory.
 */

/** A decoded tag. Arrays are copied out of the input; longs are bigints (they need 64 bits). */
export type NbtTag =
  | { type: "byte" | "short" | "int" | "float" | "double"; value: number }
  | { type: "long"; value: bigint }
  | { type: "string"; value: string }
  | { type: "byteArray"; value: Int8Array }
  | { type: "intArray"; value: Int32Array }
  | { type: "longArray"; value: BigInt64Array }
  | { type: "list"; elementType: NbtTagType; value: NbtTag[] }
  | { type: "compound"; value: NbtCompound };

/** A compound's tags by name (a Map: a tag named "__proto__" is just a name). */
export type NbtCompound = Map<string, NbtTag>;
export type NbtTagType = NbtTag["type"] | "end";

/** The file is not NBT we can read: truncated, corrupt, too deep or too large. */
export class NbtError extends Error {
  override name = "NbtError";
}

/** Minecraft's own nesting limit (NbtAccounter): deeper input is refused, never recursed into. */
export const MAX_NBT_DEPTH = 512;
/** More than any real level.dat (a few KB, modded ones some MB): a larger decompressed input is refused. */
export const MAX_NBT_BYTES = 64 * 1024 * 1024;
/**
 * Tags decoded from one file (every payload counts, list elements too). A vanilla level.dat holds a few
 * hundred, heavily modded ones tens of thousands; the byte limit alone would let 64 MiB of one-byte
 * payloads become tens of millions of objects (gigabytes of heap), so the count is bounded too.
 */
export const MAX_NBT_TAGS = 1_000_000;
/** Elements of one list tag: a list of tags builds one object per element. */
export const MAX_NBT_LIST_LENGTH = 500_000;

const TYPES: readonly NbtTagType[] = [
  "end",
  "byte",
  "short",
  "int",
  "long",
  "float",
  "double",
  "byteArray",
  "string",
  "list",
  "compound",
  "intArray",
  "longArray",
];

/** The fewest bytes one payload of each tag id takes: bounds a list's length by the bytes left. */
const MIN_SIZE = [0, 1, 2, 4, 8, 4, 8, 4, 2, 5, 1, 4, 4];

/** The root tag of an NBT file: its name (usually "") and its compound. */
export interface NbtRoot {
  name: string;
  value: NbtCompound;
}

/**
 * Reads the bytes of an NBT file: gzip-compressed (as Minecraft writes level.dat) or uncompressed.
 * Throws `NbtError` when the root is not a compound or the data is damaged. Bytes after the root are
 * ignored, as prismarine-nbt did.
 */
export async function readNbt(bytes: Uint8Array): Promise<NbtRoot> {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes, MAX_NBT_BYTES) : bytes;
  if (raw.length > MAX_NBT_BYTES) throw new NbtError(`NBT data over ${MAX_NBT_BYTES} bytes`);
  return parseNbt(raw);
}

/** Parses uncompressed big-endian NBT whose root is a compound. */
export function parseNbt(raw: Uint8Array): NbtRoot {
  const r = new Reader(raw);
  const id = r.u8();
  if (id !== 10) throw new NbtError(`the root tag is not a compound (tag id ${id})`);
  const name = r.string();
  return { name, value: r.compound(1) };
}

/** Gunzips with the web `DecompressionStream`, stopping (not buffering on) once `limit` is passed. */
async function gunzip(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) throw new NbtError(`NBT data over ${limit} bytes once decompressed`);
      chunks.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e instanceof NbtError ? e : new NbtError(`not valid gzip data: ${(e as Error).message}`);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const utf8 = new TextDecoder("utf-8");

class Reader {
  #view: DataView;
  #pos = 0;
  #tags = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #take(n: number): number {
    const at = this.#pos;
    if (n > this.bytes.length - at) throw new NbtError(`truncated NBT data at byte ${at}`);
    this.#pos = at + n;
    return at;
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  /** A length prefix (int), refused when its elements cannot fit in the bytes left. */
  #count(minSize: number): number {
    const n = this.#view.getInt32(this.#take(4));
    if (n < 0) throw new NbtError(`negative length ${n} at byte ${this.#pos - 4}`);
    if (n * minSize > this.bytes.length - this.#pos) {
      throw new NbtError(`length ${n} at byte ${this.#pos - 4} runs past the end of the data`);
    }
    return n;
  }

  string(): string {
    const len = this.#view.getUint16(this.#take(2));
    const at = this.#take(len);
    return decodeModifiedUtf8(this.bytes, at, at + len);
  }

  compound(depth: number): NbtCompound {
    if (depth > MAX_NBT_DEPTH) throw new NbtError(`NBT nested deeper than ${MAX_NBT_DEPTH}`);
    const out: NbtCompound = new Map();
    for (;;) {
      const id = this.u8();
      if (id === 0) return out;
      const name = this.string();
      out.set(name, this.payload(id, depth));
    }
  }

  payload(id: number, depth: number): NbtTag {
    if (++this.#tags > MAX_NBT_TAGS) throw new NbtError(`NBT data holds more than ${MAX_NBT_TAGS} tags`);
    const v = this.#view;
    switch (id) {
      case 1:
        return { type: "byte", value: v.getInt8(this.#take(1)) };
      case 2:
        return { type: "short", value: v.getInt16(this.#take(2)) };
      case 3:
        return { type: "int", value: v.getInt32(this.#take(4)) };
      case 4:
        return { type: "long", value: v.getBigInt64(this.#take(8)) };
      case 5:
        return { type: "float", value: v.getFloat32(this.#take(4)) };
      case 6:
        return { type: "double", value: v.getFloat64(this.#take(8)) };
      case 7: {
        const n = this.#count(1);
        const at = this.#take(n);
        return { type: "byteArray", value: new Int8Array(this.bytes.slice(at, at + n).buffer) };
      }
      case 8:
        return { type: "string", value: this.string() };
      case 9:
        return this.list(depth + 1);
      case 10:
        return { type: "compound", value: this.compound(depth + 1) };
      case 11: {
        const n = this.#count(4);
        const at = this.#take(n * 4);
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = v.getInt32(at + i * 4);
        return { type: "intArray", value: out };
      }
      case 12: {
        const n = this.#count(8);
        const at = this.#take(n * 8);
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) out[i] = v.getBigInt64(at + i * 8);
        return { type: "longArray", value: out };
      }
      default:
        throw new NbtError(`unknown tag id ${id} at byte ${this.#pos - 1}`);
    }
  }

  list(depth: number): NbtTag {
    if (depth > MAX_NBT_DEPTH) throw new NbtError(`NBT nested deeper than ${MAX_NBT_DEPTH}`);
    const id = this.u8();
    if (id > 12) throw new NbtError(`unknown list element tag id ${id} at byte ${this.#pos - 1}`);
    const elementType = TYPES[id];
    // An empty list may say "end"; a non-empty list of ends has no payload to bound its length: refused.
    const n = id === 0 ? this.#count(Infinity) : this.#count(MIN_SIZE[id]);
    if (n > MAX_NBT_LIST_LENGTH) {
      throw new NbtError(
        `a list of ${n} tags at byte ${this.#pos - 4} is longer than ${MAX_NBT_LIST_LENGTH}`,
      );
    }
    const value: NbtTag[] = [];
    for (let i = 0; i < n; i++) value.push(this.payload(id, depth));
    return { type: "list", elementType, value };
  }
}

/**
 * Java writes NBT strings in modified UTF-8: U+0000 as C0 80 and characters beyond U+FFFF as two
 * 3-byte surrogates. Standard UTF-8 (as other tools write, 4-byte sequences) is read too; bytes that are
 * neither become U+FFFD, as a lenient UTF-8 decoder does.
 */
export function decodeModifiedUtf8(b: Uint8Array, start: number, end: number): string {
  let special = false;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === 0xc0 || c === 0xed) {
      special = true;
      break;
    }
  }
  if (!special) return utf8.decode(b.subarray(start, end));
  const units: number[] = [];
  const cont = (i: number) => i < end && (b[i] & 0xc0) === 0x80;
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) {
      units.push(c);
      i += 1;
    } else if ((c & 0xe0) === 0xc0 && cont(i + 1)) {
      units.push(((c & 0x1f) << 6) | (b[i + 1] & 0x3f));
      i += 2;
    } else if ((c & 0xf0) === 0xe0 && cont(i + 1) && cont(i + 2)) {
      // surrogate halves stay UTF-16 code units: a pair becomes one character in the string
      units.push(((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f));
      i += 3;
    } else if ((c & 0xf8) === 0xf0 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
      const cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) |
        (b[i + 3] & 0x3f);
      if (cp > 0x10ffff) units.push(0xfffd);
      else {
        units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      }
      i += 4;
    } else {
      units.push(0xfffd);
      i += 1;
    }
  }
  let out = "";
  for (let k = 0; k < units.length; k += 4096) out += String.fromCharCode(...units.slice(k, k + 4096));
  return out;
}
