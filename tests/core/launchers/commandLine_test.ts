import assert from "node:assert/strict";
import {
  posixSplit,
  qtQuote,
  qtSplitCommand,
  shCommands,
  shQuote,
} from "../../../core/launchers/commandLine.ts";

const WORDS = [
  "/home/ann/My Games/instance-sync",
  'say "hi"',
  "C:\\Program Files\\x.exe",
  "a;b,c=d",
  " lead",
  "@x",
  "#x",
  "Ünï 世界",
  "",
  "it's",
];

Deno.test("qtQuote() words come back whole from Qt's splitCommand", () => {
  assert.deepEqual(qtSplitCommand(WORDS.filter((w) => w).map(qtQuote).join(" ")), WORDS.filter((w) => w));
});

Deno.test("qtSplitCommand() follows Qt: quotes group, three quotes are one, backslashes are literal", () => {
  assert.deepEqual(qtSplitCommand('a "b c" d"""e C:\\x'), ["a", "b c", 'd"e', "C:\\x"]);
  assert.deepEqual(qtSplitCommand('--pack-folder="/a b/c"'), ["--pack-folder=/a b/c"]);
});

Deno.test("shQuote() words come back whole from a POSIX shell", async () => {
  const script = `printf '%s\\0' ${WORDS.map(shQuote).join(" ")}`;
  const out = await new Deno.Command("/bin/sh", { args: ["-c", script] }).output();
  assert.deepEqual(new TextDecoder().decode(out.stdout).split("\0").slice(0, -1), WORDS);
  assert.deepEqual(posixSplit(WORDS.map(shQuote).join(" ")), WORDS);
});

Deno.test("shCommands() separates simple commands at ; && || outside quotes", () => {
  assert.deepEqual(shCommands(`a 'b;c' && d "e&&f"; g`), [["a", "b;c"], ["d", "e&&f"], ["g"]]);
});
