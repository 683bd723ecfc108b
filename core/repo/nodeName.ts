/**
 * restic stores a tree node's name as Go's `strconv.Quote` writes it, without the outer quotes (so a
 * name that is not valid UTF-8 survives JSON): `"` and `\` come escaped, control and other
 * non-printable characters as `\n`, `\t`, `\x01`, `\u00a0`, and bytes that are not UTF-8 as `\xff`.
 * `restic ls` undoes that; a reader that did not would see `quote's \"dq\"` where the folder is
 * `quote's "dq"`, and a restore would take the real folder for one the snapshot lacks.
 */

/** Thrown for an escape Go's `strconv.Unquote` refuses: the caller asks restic instead. */
export class NodeNameError extends Error {}

const SIMPLE: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  "\\": 0x5c,
  '"': 0x22,
};

/**
 * The name `stored` stands for, as `strconv.Unquote` reads it; bytes that are not UTF-8 become
 * U+FFFD, as Deno names such a file on disk.
 *
 * @example
 * unquoteNodeName('quote\'s \\"dq\\"'); // `quote's "dq"`
 * unquoteNodeName("line\\nbreak"); // "line\nbreak"
 */
export function unquoteNodeName(stored: string): string {
  if (!stored.includes("\\")) return stored; // nearly every name
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  const hex = (at: number, digits: number): number => {
    const text = stored.slice(at, at + digits);
    if (text.length !== digits || !/^[0-9a-fA-F]+$/.test(text)) {
      throw new NodeNameError(`a tree node name has a broken \\x, \\u or \\U escape: "${stored}"`);
    }
    return parseInt(text, 16);
  };
  const codePoint = (cp: number): void => {
    // strconv.Unquote refuses surrogates and values beyond Unicode.
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new NodeNameError(`a tree node name escapes a code point that is not a character: "${stored}"`);
    }
    bytes.push(...encoder.encode(String.fromCodePoint(cp)));
  };
  let i = 0;
  while (i < stored.length) {
    const slash = stored.indexOf("\\", i);
    const end = slash < 0 ? stored.length : slash;
    if (end > i) bytes.push(...encoder.encode(stored.slice(i, end)));
    if (slash < 0) break;
    const e = stored[slash + 1];
    if (e !== undefined && e in SIMPLE) {
      bytes.push(SIMPLE[e]);
      i = slash + 2;
    } else if (e === "x") {
      bytes.push(hex(slash + 2, 2));
      i = slash + 4;
    } else if (e === "u") {
      codePoint(hex(slash + 2, 4));
      i = slash + 6;
    } else if (e === "U") {
      codePoint(hex(slash + 2, 8));
      i = slash + 10;
    } else if (e !== undefined && /^[0-7]{3}$/.test(stored.slice(slash + 1, slash + 4))) {
      const value = parseInt(stored.slice(slash + 1, slash + 4), 8);
      if (value > 0xff) {
        throw new NodeNameError(`a tree node name has an octal escape above 255: "${stored}"`);
      }
      bytes.push(value);
      i = slash + 4;
    } else {
      throw new NodeNameError(`a tree node name has an escape restic does not write: "${stored}"`);
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
