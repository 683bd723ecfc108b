/** `editLine`: the shell-line keys of the wizard's text fields, one key at a time. */
import assert from "node:assert/strict";
import { type EditKey, editLine, type Line, pastedLine } from "../../tui/lineEdit.ts";

/** Applies keys to "value|cursor" notation: `|` marks the cursor. */
function after(start: string, ...keys: [string, EditKey?][]): string {
  let line: Line = { value: start.replace("|", ""), cursor: start.indexOf("|") };
  for (const [input, key] of keys) line = editLine(line, input, key ?? {});
  return line.value.slice(0, line.cursor) + "|" + line.value.slice(line.cursor);
}

const ctrl = (c: string): [string, EditKey] => [c, { ctrl: true }];

Deno.test("Ctrl+U clears the line before the cursor, Ctrl+K after it", () => {
  assert.equal(after("https://cloud.tm.center|", ctrl("u")), "|");
  assert.equal(after("https://|cloud.tm.center", ctrl("u")), "|cloud.tm.center");
  assert.equal(after("https://|cloud.tm.center", ctrl("k")), "https://|");
});

Deno.test("Ctrl+W and Alt+Backspace delete the word before the cursor; / ends a word", () => {
  assert.equal(after("https://sync.example.org/mc|", ctrl("w")), "https://sync.example.org/|");
  assert.equal(after("https://sync.example.org/|", ctrl("w")), "https://|");
  assert.equal(after("my world  |", ctrl("w")), "my |");
  assert.equal(after("a b|", ["", { backspace: true, meta: true }]), "a |");
  assert.equal(after("|abc", ctrl("w")), "|abc");
});

Deno.test("Ctrl+A/Home and Ctrl+E/End jump to the ends; arrows and Ctrl+B/F move by one", () => {
  assert.equal(after("ab|c", ctrl("a")), "|abc");
  assert.equal(after("ab|c", ["", { home: true }]), "|abc");
  assert.equal(after("a|bc", ctrl("e")), "abc|");
  assert.equal(after("a|bc", ["", { end: true }]), "abc|");
  assert.equal(after("a|bc", ["", { leftArrow: true }], ["", { leftArrow: true }]), "|abc");
  assert.equal(after("a|bc", ["", { rightArrow: true }], ctrl("f"), ctrl("f")), "abc|");
  assert.equal(after("ab|c", ctrl("b")), "a|bc");
});

Deno.test("typing inserts at the cursor; Backspace and Delete remove one character either side", () => {
  assert.equal(after("htps://x|", ctrl("a"), ["", { rightArrow: true }], ["t"]), "ht|tps://x");
  assert.equal(after("ab|c", ["", { backspace: true }]), "a|c");
  assert.equal(after("ab|c", ["", { delete: true }]), "ab|");
  assert.equal(after("|abc", ["", { backspace: true }]), "|abc");
  assert.equal(after("a|", ["pasted\r\ntext"]), "apastedtext|");
});

Deno.test("keys a line does not use leave it alone: Enter, Escape, Tab, Up/Down, other Ctrl keys", () => {
  for (
    const key of [{ return: true }, { escape: true }, { tab: true }, { upArrow: true }, { downArrow: true }]
  ) {
    assert.equal(after("ab|c", ["", key]), "ab|c", JSON.stringify(key));
  }
  assert.equal(after("ab|c", ctrl("c")), "ab|c");
  assert.equal(after("ab|c", ctrl("x")), "ab|c");
  assert.equal(after("ab|c", ["\u0007"]), "ab|c");
});

Deno.test("pastedLine() takes a pasted value that ends in a newline as the text before the break", () => {
  const line: Line = { value: "", cursor: 0 };
  assert.deepEqual(pastedLine(line, "https://sync.example.org\n"), {
    value: "https://sync.example.org",
    cursor: 24,
  });
  assert.deepEqual(pastedLine(line, "42\r\n"), { value: "42", cursor: 2 });
  assert.deepEqual(pastedLine({ value: "ab", cursor: 1 }, "X\rrest"), { value: "aXb", cursor: 2 });
  assert.equal(pastedLine(line, "\r"), null); // Enter itself
  assert.equal(pastedLine(line, "no break"), null);
});
