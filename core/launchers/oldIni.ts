/**
 * Values of the older `key=value` format without a `ConfigVersion` key: MultiMC's own format, and the
 * format Prism still reads (and converts on its next save). Ported from MultiMC's and Prism's
 * `INIFile::escape`/`unescape`: `\` → `\\`, newline → `\n`, tab → `\t`, `#` → `\#`; the reader trims the
 * value, so it cannot start or end with a space. Prism's reader (`parseOldFileFormat`) also drops one
 * pair of outer double quotes from a value that holds `;`, `=` or `,`.
 */

/** Which launcher reads the file: Prism's reader strips outer quotes, MultiMC's does not. */
export type OldFormatReader = "prism" | "multimc";

/** The text to write after `key=` so that `reader` reads back `value`. */
export function escapeOldValue(value: string, reader: OldFormatReader): string {
  if (value !== value.trim()) {
    throw new Error("A value in this file cannot start or end with a space: the launcher trims it");
  }
  let out = "";
  for (const ch of value) {
    out += ch === "\n" ? "\\n" : ch === "\t" ? "\\t" : ch === "\\" ? "\\\\" : ch === "#" ? "\\#" : ch;
  }
  // Prism would take a quoted command such as `"/a b/x" pull "--pack-folder=…"` for a quoted value and
  // drop its first and last quote; one extra pair is what it drops instead.
  return reader === "prism" && wouldUnquote(out) ? `"${out}"` : out;
}

function wouldUnquote(s: string): boolean {
  return /[;=,]/.test(s) && s.length >= 2 && s.startsWith('"') && s.endsWith('"');
}

/** The launcher's unescape: `\n`, `\t`, `\#` and `\<c>` → c. */
function unescape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "\\") {
      out += s[i];
      continue;
    }
    const c = s[++i];
    if (c === undefined) break;
    out += c === "n" ? "\n" : c === "t" ? "\t" : c;
  }
  return out;
}

/**
 * The line as the launchers' comment rule leaves it: the search for `#` starts at the second
 * character, skips escaped ones, and cuts the raw line at its first `#` (escaped or not) once an
 * unescaped one is found — their behaviour, kept here so a reading matches theirs.
 */
function stripComment(lineRaw: string): string {
  let line = lineRaw;
  let at = 0;
  while ((at = line.indexOf("#", at + 1)) !== -1) {
    if (at > 0 && line[at - 1] === "\\") continue;
    line = line.slice(0, lineRaw.indexOf("#")).trim();
  }
  return line;
}

/** Key and value of one line as `reader` reads it, or null for a line without `=`. */
export function parseOldLine(lineRaw: string, reader: OldFormatReader): [string, string] | null {
  const line = stripComment(lineRaw);
  const eq = line.indexOf("=");
  if (eq === -1) return null;
  const value = unescape(line.slice(eq + 1).trim());
  return [line.slice(0, eq).trim(), reader === "prism" && wouldUnquote(value) ? value.slice(1, -1) : value];
}
