/**
 * Editing one line of text the way a shell (readline) does, as a pure function so it can be tested
 * without a terminal. Text fields in the wizard use it (so Ctrl+U clears the field instead of typing a literal "u").
 */

/** The text and where the cursor stands (0 = before the first character). */
export interface Line {
  value: string;
  cursor: number;
}

/** The subset of Ink's `Key` that editing looks at. */
export interface EditKey {
  ctrl?: boolean;
  meta?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  home?: boolean;
  end?: boolean;
  backspace?: boolean;
  delete?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
}

/**
 * The line after one key: Ctrl+U deletes to the start, Ctrl+K to the end, Ctrl+W (and Alt+Backspace)
 * the word before the cursor, Ctrl+A/Home and Ctrl+E/End move to the ends, Ctrl+B/F and the arrows by
 * one character, Backspace/Delete one character back/forward; other printable input is inserted
 * (a paste arrives as one string, line breaks dropped). Keys a line does not use (Enter, Escape,
 * Tab, Up/Down, other Ctrl combinations) leave it as it is: the caller handles them.
 */
export function editLine(line: Line, input: string, key: EditKey): Line {
  const { value, cursor } = line;
  const at = (v: string, c: number): Line => ({ value: v, cursor: Math.max(0, Math.min(c, v.length)) });
  if (key.return || key.escape || key.tab || key.upArrow || key.downArrow) return line;
  if (key.home) return at(value, 0);
  if (key.end) return at(value, value.length);
  if (key.leftArrow) return at(value, cursor - 1);
  if (key.rightArrow) return at(value, cursor + 1);
  if (key.backspace && key.meta) return deleteWordBefore(line);
  if (key.backspace) return at(value.slice(0, Math.max(0, cursor - 1)) + value.slice(cursor), cursor - 1);
  if (key.delete) return at(value.slice(0, cursor) + value.slice(cursor + 1), cursor);
  if (key.ctrl) {
    switch (input) {
      case "u":
        return at(value.slice(cursor), 0);
      case "k":
        return at(value.slice(0, cursor), cursor);
      case "w":
        return deleteWordBefore(line);
      case "a":
        return at(value, 0);
      case "e":
        return at(value, value.length);
      case "b":
        return at(value, cursor - 1);
      case "f":
        return at(value, cursor + 1);
      default:
        return line;
    }
  }
  if (key.meta) return line;
  // deno-lint-ignore no-control-regex
  const text = input.replace(/[\r\n]+/g, "").replace(/[\u0000-\u001f\u007f]/g, "");
  if (text === "") return line;
  return at(value.slice(0, cursor) + text + value.slice(cursor), cursor + text.length);
}

/**
 * A paste that ends a line: several characters in one chunk holding a line break (a copied value with
 * its newline, pasted with or without bracketed paste). The line with the text before the first break
 * inserted, which the field then submits as Enter would; null for any other input (a lone "\r" is
 * Enter itself, and text without a break is an ordinary insert).
 */
export function pastedLine(line: Line, input: string): Line | null {
  if (input.length < 2) return null;
  const cut = input.search(/[\r\n]/);
  return cut < 0 ? null : editLine(line, input.slice(0, cut), {});
}

/**
 * Ctrl+W as readline does it: the spaces before the cursor, then the word before them. For a url,
 * "/" also ends a word, so Ctrl+W in `https://host/prefix` removes `prefix`, then `host/`, step by step.
 */
function deleteWordBefore({ value, cursor }: Line): Line {
  let start = cursor;
  while (start > 0 && /[\s/]/.test(value[start - 1])) start--;
  while (start > 0 && !/[\s/]/.test(value[start - 1])) start--;
  return { value: value.slice(0, start) + value.slice(cursor), cursor: start };
}
