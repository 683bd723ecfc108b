/** The terminal UI in a window whose font has no arrows, or a locale that is not UTF-8: ASCII only, no yellow. */
import assert from "node:assert/strict";
import { localeIsUtf8 } from "../../tui/glyphs.ts";
import { ROOT } from "../helpers/cli.ts";

Deno.test("the locale decides Unicode: LC_ALL, then LC_CTYPE, then LANG; unset or Windows counts as UTF-8", () => {
  assert.equal(localeIsUtf8({ LANG: "en_US.UTF-8" }, "linux"), true);
  assert.equal(localeIsUtf8({ LANG: "C.utf8" }, "linux"), true);
  assert.equal(localeIsUtf8({ LANG: "C" }, "linux"), false);
  assert.equal(localeIsUtf8({ LANG: "en_US.UTF-8", LC_ALL: "POSIX" }, "linux"), false);
  assert.equal(localeIsUtf8({ LANG: "C", LC_CTYPE: "de_DE.UTF-8" }, "linux"), true);
  assert.equal(localeIsUtf8({ LANG: "en_US.ISO-8859-1" }, "darwin"), false);
  assert.equal(localeIsUtf8({}, "linux"), true);
  assert.equal(localeIsUtf8({ LANG: "C" }, "windows"), true);
});

Deno.test("with ASCII glyphs the conflict dialog draws no arrow, pointer or warning sign, and no yellow", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      `--config=${ROOT}deno.json`,
      `${ROOT}tests/tui/fixtures/ascii_conflict_frame.tsx`,
    ],
    env: { FORCE_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const frame = new TextDecoder().decode(out.stdout);
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  assert.match(frame, /up\/down choose/);
  assert.match(frame, /> Use the cloud's version/);
  assert.match(frame, /! Conflict in/);
  assert.match(frame, /Choose per world\.\.\./);
  // (Ink's own truncation mark "…" at a cut line stays: Ink offers no way to change it.)
  assert.doesNotMatch(frame, /[↑↓←→❯⚠✔]/);
  assert.ok(frame.includes("\x1b[7m"), "the title is drawn inverse");
  // Yellow (33, 93) and cyan (36, 96) are unreadable on a white xterm.
  for (const code of [33, 93, 36, 96]) assert.ok(!frame.includes(`\x1b[${code}m`), `no colour ${code}`);
});
