/** Quoting per platform shell for the window's command line. */
import assert from "node:assert/strict";
import { appleScriptString, cmdQuote, shJoin, shQuote } from "../../../cli/window/quote.ts";

Deno.test("sh quoting leaves safe words bare and single-quotes the rest, quotes included", () => {
  assert.equal(shQuote("/usr/bin/deno"), "/usr/bin/deno");
  assert.equal(shQuote("--config=/a/deno.json"), "--config=/a/deno.json");
  assert.equal(shQuote("My Pack"), "'My Pack'");
  assert.equal(shQuote("it's $HOME `x`"), "'it'\\''s $HOME `x`'");
  assert.equal(shQuote(""), "''");
  assert.equal(shJoin(["a b", "c"]), "'a b' c");
});

Deno.test("AppleScript strings escape backslashes and double quotes", () => {
  assert.equal(appleScriptString(`say "hi" \\ there`), `"say \\"hi\\" \\\\ there"`);
});

Deno.test("cmd.exe words are double-quoted, % is kept out of variable expansion, a quote is refused", () => {
  assert.equal(cmdQuote("C:\\Program Files\\a&b.exe"), '"C:\\Program Files\\a&b.exe"');
  assert.equal(cmdQuote("100%"), '"100"%""');
  assert.throws(() => cmdQuote('a"b'), /contains a quote/);
});

Deno.test("desktop sessions: Linux needs DISPLAY or WAYLAND_DISPLAY; SSH is never a desktop", async () => {
  const { whyNoDesktop } = await import("../../../cli/window/desktop.ts");
  assert.equal(whyNoDesktop("linux", { DISPLAY: ":0" }), null);
  assert.equal(whyNoDesktop("linux", { WAYLAND_DISPLAY: "wayland-0" }), null);
  assert.match(whyNoDesktop("linux", {})!, /no desktop session/);
  assert.equal(whyNoDesktop("darwin", {}), null);
  assert.match(whyNoDesktop("darwin", { SSH_CONNECTION: "1 2 3 4" })!, /SSH/);
  assert.equal(whyNoDesktop("windows", { SESSIONNAME: "Console" }), null);
  assert.match(whyNoDesktop("windows", {})!, /SESSIONNAME/);
});
