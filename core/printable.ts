/**
 * Makes text from another computer or the repository safe to show (docs/hostile-input.md). A machine name,
 * label, world folder, level name, file path or tag can hold escape sequences that retitle a terminal,
 * clear it, write the clipboard, or overwrite a line of a launcher's log with a fake "all synced"; and
 * bidirectional controls can make a name read as another. Each such character becomes the visible
 * escape `\uXXXX`: readable in a log, and inside a JSON string the same escape JSON itself uses, so
 * a `--json` line keeps its exact values (JSON.stringify escapes C0 controls already).
 *
 * Front ends apply it (cli/ui/headless.ts sinks, tui/, cli/window/); core data stays exact. It lives in
 * core/ only so that tui/ can use it without importing cli/.
 */

/**
 * C0 controls, DEL, C1 controls, the bidi embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), the marks U+200E/U+200F and U+061C, plus U+2028/U+2029 (line breaks to some
 * terminals and editors).
 */
// deno-lint-ignore no-control-regex -- matching control characters is this module's job
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, except line feed and tab: for the program's own multi-line text (help, hints). */
const UNPRINTABLE_BUT_LINES =
  // deno-lint-ignore no-control-regex -- as above
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * One value (a name, a label, a path) as a single printable line: every control, line breaks
 * included, becomes `\uXXXX`.
 *
 * @example
 * printable("Steve\u001b]0;pwned\u0007"); // "Steve\\u001b]0;pwned\\u0007"
 */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, escape) : text;
}

/**
 * A whole line about to reach a terminal or a log: like `printable`, but the line feeds and tabs of
 * the program's own multi-line output (help, a hint) stay. A reporter message is one line and goes
 * through `printable` first, so a name cannot start a forged line either.
 */
export function printableLines(text: string): string {
  UNPRINTABLE_BUT_LINES.lastIndex = 0;
  return UNPRINTABLE_BUT_LINES.test(text) ? text.replace(UNPRINTABLE_BUT_LINES, escape) : text;
}

/**
 * A copy of `value` with every string made `printable`, for structures handed to a screen (a
 * conflict description). Keys listed in `keep` are copied as they are: a world's `folder` is also
 * the key an answer names, so screens show it through `printable` themselves.
 */
export function printableDeep<T>(value: T, keep: ReadonlySet<string> = KEEP): T {
  if (typeof value === "string") return printable(value) as T;
  if (Array.isArray(value)) return value.map((v) => printableDeep(v, keep)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = keep.has(k) ? v : printableDeep(v, keep);
    return out as T;
  }
  return value;
}

const KEEP: ReadonlySet<string> = new Set(["folder"]);
