/**
 * Values of Qt's INI format (QSettings::IniFormat), which Prism Launcher writes for files that carry
 * `ConfigVersion=1.2`. Ported from the rules of Qt 6's `iniEscapedString` / `iniUnescapedStringList`:
 * `\` and `"` are backslash-escaped, control characters become `\n`, `\t`, `\xHH`…, the whole value is
 * double-quoted when it holds `;`, `,` or `=` or starts or ends with a space, and a leading `@` is
 * doubled (a single `@` starts a typed value such as `@Invalid()`). Non-ASCII is written as UTF-8.
 */

const NAMED_ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

/** The text QSettings writes after `key=` for the string `value`. */
export function escapeQtValue(value: string): string {
  const s = value.startsWith("@") ? "@" + value : value;
  let out = "";
  let needsQuotes = false;
  // After `\0` or `\xHH` a following hex digit would be read as part of the escape: Qt escapes it too.
  let escapeNextIfHex = false;
  for (const ch of s) {
    if (ch === ";" || ch === "," || ch === "=") needsQuotes = true;
    if (escapeNextIfHex && /^[0-9a-fA-F]$/.test(ch)) {
      out += "\\x" + ch.charCodeAt(0).toString(16);
      continue;
    }
    escapeNextIfHex = false;
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) {
      out += named;
      escapeNextIfHex = ch === "\0";
    } else if (ch.charCodeAt(0) <= 0x1f) {
      out += "\\x" + ch.charCodeAt(0).toString(16);
      escapeNextIfHex = true;
    } else {
      out += ch;
    }
  }
  return needsQuotes || out.startsWith(" ") || out.endsWith(" ") ? `"${out}"` : out;
}

const SIMPLE_UNESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  '"': '"',
  "'": "'",
  "\\": "\\",
  "?": "?",
};

/**
 * What QSettings reads from the text after `key=`: the elements (more than one when an unquoted `,`
 * made a list), with an unquoted `;` starting a comment and unquoted surrounding spaces dropped.
 */
export function parseQtValueList(raw: string): string[] {
  const items: string[] = [];
  let cur = "";
  let pendingSpace = ""; // unquoted spaces: kept only when something follows in the element
  let started = false;
  let inQuotes = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      cur += pendingSpace;
      pendingSpace = "";
      started = true;
      continue;
    }
    if (!inQuotes && (ch === " " || ch === "\t")) {
      if (started) pendingSpace += ch;
      continue;
    }
    if (!inQuotes && ch === ";") break;
    if (!inQuotes && ch === ",") {
      items.push(cur);
      [cur, pendingSpace, started] = ["", "", false];
      continue;
    }
    cur += pendingSpace;
    pendingSpace = "";
    started = true;
    if (ch !== "\\") {
      cur += ch;
      continue;
    }
    const next = raw[++i];
    if (next === undefined) break;
    if (next in SIMPLE_UNESCAPES) cur += SIMPLE_UNESCAPES[next];
    else if (next === "x") {
      const hex = /^[0-9a-fA-F]+/.exec(raw.slice(i + 1))?.[0] ?? "";
      cur += String.fromCharCode(parseInt(hex || "0", 16));
      i += hex.length;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]+/.exec(raw.slice(i))![0];
      cur += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else cur += next;
  }
  items.push(cur);
  return items;
}

/** The string value QSettings gives for the text after `key=` (a list is joined back with ", "). */
export function parseQtValue(raw: string): string {
  const items = parseQtValueList(raw);
  const value = items.join(", ");
  return items.length === 1 && value.startsWith("@@") ? value.slice(1) : value;
}
