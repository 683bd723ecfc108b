/** Strings from another computer reach terminals and launcher logs printable (docs/hostile-input.md). */
import assert from "node:assert/strict";
import { printable, printableDeep, printableLines } from "../../cli/ui/printable.ts";
import { HeadlessReporter } from "../../cli/ui/headless.ts";
import { JsonReporter } from "../../cli/ui/json.ts";

// deno-lint-ignore no-control-regex -- the test looks for exactly these characters
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = "desk\u001b]0;pwned\u0007\r\u001b[2Kall synced\u202e\u2066x\u0085\u007f\u200f\u061c";

Deno.test("printable() replaces C0, C1, DEL and bidirectional controls with visible escapes", () => {
  const out = printable(HOSTILE);
  assert.equal(
    out,
    "desk\\u001b]0;pwned\\u0007\\u000d\\u001b[2Kall synced\\u202e\\u2066x\\u0085\\u007f\\u200f\\u061c",
  );
  assert.doesNotMatch(out, UNSAFE);
  assert.equal(printable("Welt über 🌍 «Ünïcode»"), "Welt über 🌍 «Ünïcode»", "printable text is untouched");
  assert.equal(printable("a\nb\tc"), "a\\u000ab\\u0009c", "one value is one line");
});

Deno.test("printableLines() keeps the program's own line feeds and tabs but nothing else", () => {
  assert.equal(printableLines("Usage:\n\tpull\u001b[31m"), "Usage:\n\tpull\\u001b[31m");
});

Deno.test("printableDeep() copies a structure with its strings printable, except world folders", () => {
  const input = { host: "a\u001bb", worlds: [{ folder: "saves/x\u001b", name: "x\u001b" }], n: 3 };
  const out = printableDeep(input);
  assert.deepEqual(out, { host: "a\\u001bb", worlds: [{ folder: "saves/x\u001b", name: "x\\u001b" }], n: 3 });
  assert.equal(input.host, "a\u001bb", "the input is not changed");
});

Deno.test("the headless reporter writes a hostile machine name as visible escapes, on one line", () => {
  const lines: string[] = [];
  const r = new HeadlessReporter((l) => lines.push(l));
  r.info(`Restored snapshot 1234 from ${HOSTILE}`);
  r.warn(`level "${HOSTILE}\nfake line"`);
  r.finish({ command: "pull", outcome: "restored", message: `from ${HOSTILE}` });
  for (const line of lines) {
    assert.doesNotMatch(line, UNSAFE, line);
  }
  assert.ok(lines[1].includes("\\u000afake line"), "a line break in a name cannot start a forged line");
});

Deno.test("--json events keep the exact values once a printable line is parsed back", () => {
  const out: string[] = [];
  new JsonReporter((l) => out.push(printableLines(l))).info(`from ${HOSTILE}`);
  assert.doesNotMatch(out[0], UNSAFE);
  assert.equal(JSON.parse(out[0]).message, `from ${HOSTILE}`);
});
