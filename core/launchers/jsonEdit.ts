/**
 * Changes a few members of a JSON object inside a file while every other byte stays as it was
 * (ATLauncher's `instance.json` holds the whole pack description, with fields instance-sync does not
 * know): a member's value is replaced in place, a missing member is added after the last one with the
 * same indentation. The text must be valid JSON (checked with JSON.parse first).
 */

interface Member {
  key: string;
  valueStart: number;
  valueEnd: number;
  /** Where the member's line starts its key (for the indentation of added members). */
  keyStart: number;
}

const ws = (t: string, i: number) => {
  while (i < t.length && /\s/.test(t[i])) i++;
  return i;
};

function stringEnd(t: string, i: number): number {
  for (i++; i < t.length; i++) {
    if (t[i] === "\\") i++;
    else if (t[i] === '"') return i + 1;
  }
  throw new SyntaxError("unterminated string");
}

function valueEnd(t: string, i: number): number {
  i = ws(t, i);
  if (t[i] === '"') return stringEnd(t, i);
  if (t[i] === "{") return members(t, i).close + 1;
  if (t[i] === "[") {
    i = ws(t, i + 1);
    if (t[i] === "]") return i + 1;
    for (;;) {
      i = ws(t, valueEnd(t, i));
      if (t[i] === "]") return i + 1;
      i++; // ","
    }
  }
  return i + /^[^,\]}\s]*/.exec(t.slice(i))![0].length;
}

/** The members of the object whose `{` is at `open`, and the index of its `}`. */
function members(t: string, open: number): { list: Member[]; close: number } {
  const list: Member[] = [];
  let i = ws(t, open + 1);
  if (t[i] === "}") return { list, close: i };
  for (;;) {
    const keyStart = i;
    const keyEnd = stringEnd(t, i);
    const key = JSON.parse(t.slice(i, keyEnd));
    const valueStart = ws(t, ws(t, keyEnd) + 1); // past ":"
    const end = valueEnd(t, valueStart);
    list.push({ key, keyStart, valueStart, valueEnd: end });
    i = ws(t, end);
    if (t[i] === "}") return { list, close: i };
    i = ws(t, i + 1); // past ","
  }
}

/**
 * `text` with `changes` applied to the object at `path` (member names from the top; the object must
 * exist). Values are written with JSON.stringify.
 */
export function editJsonMembers(text: string, path: string[], changes: Record<string, unknown>): string {
  JSON.parse(text); // only valid JSON is edited
  let open = ws(text, 0);
  for (const name of path) {
    const found = members(text, open).list.find((m) => m.key === name);
    if (!found || text[found.valueStart] !== "{") throw new SyntaxError(`no object "${name}"`);
    open = found.valueStart;
  }
  // Edits from the end backwards, so earlier offsets stay valid.
  const { list, close } = members(text, open);
  const edits: [number, number, string][] = [];
  const added: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const m = list.findLast((m) => m.key === key);
    if (m) edits.push([m.valueStart, m.valueEnd, JSON.stringify(value)]);
    else added.push(`${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  }
  if (added.length) {
    const last = list.at(-1);
    const lineStart = text.lastIndexOf("\n", (last ?? { keyStart: close }).keyStart) + 1;
    const closeLineStart = text.lastIndexOf("\n", close) + 1;
    const closeIndent = /^[ \t]*/.exec(text.slice(closeLineStart))![0];
    const multiline = text.slice(open, close).includes("\n") || !last;
    const indent = last ? /^[ \t]*/.exec(text.slice(lineStart))![0] : closeIndent + "  ";
    const sep = multiline ? `,\n${indent}` : ", ";
    if (last) edits.push([last.valueEnd, last.valueEnd, sep + added.join(sep)]);
    else edits.push([open + 1, close, `\n${indent}${added.join(`,\n${indent}`)}\n${closeIndent}`]);
  }
  let out = text;
  for (const [start, end, insert] of edits.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + insert + out.slice(end);
  }
  return out;
}
