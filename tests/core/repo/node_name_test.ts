/**
 * Tree node names as restic stores them (Go's strconv.Quote without the outer quotes) read back as the
 * names they stand for. The pairs follow Go's rules; tree_test.ts cross-checks real restic trees
 * holding such names against `restic ls`.
 */
import assert from "node:assert/strict";
import { NodeNameError, unquoteNodeName } from "../../../core/repo/nodeName.ts";

Deno.test("escaped node names read back as the names restic was given", () => {
  const cases: [string, string][] = [
    ["level.dat", "level.dat"],
    ['quote\'s \\"dq\\" [x] {y} *?#%&;$(echo no)', `quote's "dq" [x] {y} *?#%&;$(echo no)`],
    ["back\\\\slash", "back\\slash"],
    ["line\\nbreak\\ttab\\rcr", "line\nbreak\ttab\rcr"],
    ["\\a\\b\\f\\v", "\x07\x08\x0c\x0b"],
    ["ctl\\x01del\\x7f", "ctl\x01del\x7f"],
    ["nbsp\\u00a0zwsp\\u200b", "nbsp\u00a0zwsp\u200b"],
    ["astral\\U000e0001", "astral\u{e0001}"],
    ["octal\\101", "octalA"],
    ["Wörld ✨ 世界", "Wörld ✨ 世界"],
    // Bytes that are not UTF-8 become U+FFFD, as Deno names such a file.
    ["bad\\xffbyte", "bad\ufffdbyte"],
    ["split\\xc3\\xa9", "splité"],
  ];
  for (const [stored, name] of cases) assert.equal(unquoteNodeName(stored), name, stored);
});

Deno.test("an escape Go's Unquote refuses is an error, so the reader asks restic instead", () => {
  for (const stored of ["trailing\\", "\\q", "\\x4", "\\u12", "\\ud800", "\\U00110000", "\\777"]) {
    assert.throws(() => unquoteNodeName(stored), NodeNameError, stored);
  }
});
