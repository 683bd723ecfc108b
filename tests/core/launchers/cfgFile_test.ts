import assert from "node:assert/strict";
import { CfgFile } from "../../../core/launchers/cfgFile.ts";
import { escapeQtValue, parseQtValue } from "../../../core/launchers/qtIni.ts";
import { escapeOldValue, parseOldLine } from "../../../core/launchers/oldIni.ts";

/** Every escaping rule the launchers' formats have, and a command with all of them. */
const VALUES = [
  'say "hi"',
  "C:\\Program Files\\instance-sync.exe",
  "a;b",
  "a,b",
  "a=b",
  " leading space",
  "trailing space ",
  "@at start",
  "@@two",
  "# hash",
  "mid # hash",
  "Ünïcødé 世界 🎮",
  "/home/ann/My Games/instance-sync",
  "tab\there",
  "line\nbreak",
  "ctrl\x01x and \x00 null then 1",
  '"/home/a b/instance-sync" pull "--pack-folder=$INST_MC_DIR"',
];

Deno.test("escapeQtValue() round-trips every escaping rule through Qt's INI reader", () => {
  for (const value of VALUES) {
    assert.equal(parseQtValue(escapeQtValue(value)), value, `value ${JSON.stringify(value)}`);
  }
});

Deno.test("escapeQtValue() writes what QSettings writes", () => {
  assert.equal(escapeQtValue('say "hi"'), 'say \\"hi\\"');
  assert.equal(escapeQtValue("a;b"), '"a;b"');
  assert.equal(escapeQtValue(" x"), '" x"');
  assert.equal(escapeQtValue("@x"), "@@x");
  assert.equal(escapeQtValue("C:\\x"), "C:\\\\x");
  assert.equal(escapeQtValue("é"), "é");
  assert.equal(escapeQtValue("\x01" + "a"), "\\x1\\x61");
});

Deno.test("parseQtValue() reads comments, lists and quoted spaces as Qt does", () => {
  assert.equal(parseQtValue("abc ; a comment"), "abc");
  assert.equal(parseQtValue('"a;b" ; comment'), "a;b");
  assert.equal(parseQtValue("  padded  "), "padded");
  assert.equal(parseQtValue('" padded "'), " padded ");
  assert.equal(parseQtValue("a, b"), "a, b"); // a list, joined back
  assert.equal(parseQtValue("\\x48\\x49"), "HI");
});

Deno.test("escapeOldValue() round-trips through MultiMC's and Prism's older-format readers", () => {
  for (const value of VALUES.filter((v) => v === v.trim())) {
    for (const reader of ["multimc", "prism"] as const) {
      const line = `PreLaunchCommand=${escapeOldValue(value, reader)}`;
      assert.deepEqual(
        parseOldLine(line, reader),
        ["PreLaunchCommand", value],
        `${reader} ${JSON.stringify(value)}`,
      );
    }
  }
});

Deno.test("escapeOldValue() refuses what the older format cannot hold: a leading space", () => {
  assert.throws(() => escapeOldValue(" x", "multimc"), /start or end with a space/);
});

Deno.test("escapeOldValue() adds the pair of quotes Prism's reader drops, and MultiMC's does not", () => {
  const command = '"/a b/instance-sync" pull "--pack-folder=$INST_MC_DIR"';
  assert.equal(escapeOldValue(command, "multimc"), command);
  assert.equal(escapeOldValue(command, "prism"), `"${command}"`);
});

Deno.test("CfgFile.with() changes only its keys: every other line stays byte-identical", () => {
  const text = [
    "[General]",
    "ConfigVersion=1.2",
    "iconKey=default",
    "; a comment, kept",
    'JvmArgs="-Xmx4G -Dfoo=bar"',
    "PreLaunchCommand=old",
    "name=My Pack",
    "",
    "[Other]",
    "PreLaunchCommand=not the general one",
    "",
  ].join("\r\n");
  const cfg = CfgFile.parse(text, "prism");
  assert.equal(cfg.format, "qt");
  assert.equal(cfg.get("JvmArgs"), "-Xmx4G -Dfoo=bar");
  const out = cfg.with({ PreLaunchCommand: "new;value", OverrideCommands: "true" });
  assert.equal(
    out,
    [
      "[General]",
      "ConfigVersion=1.2",
      "iconKey=default",
      "; a comment, kept",
      'JvmArgs="-Xmx4G -Dfoo=bar"',
      'PreLaunchCommand="new;value"',
      "name=My Pack",
      "OverrideCommands=true",
      "",
      "[Other]",
      "PreLaunchCommand=not the general one",
      "",
    ].join("\r\n"),
  );
  assert.equal(CfgFile.parse(out, "prism").get("PreLaunchCommand"), "new;value");
});

Deno.test("CfgFile reads a file without ConfigVersion in the older format and writes it back in it", () => {
  const text = "InstanceType=OneSix\nname=Pack \\# 1\nnotes=a\\nb\n";
  const cfg = CfgFile.parse(text, "multimc");
  assert.equal(cfg.format, "old");
  assert.equal(cfg.get("name"), "Pack # 1");
  const out = cfg.with({ PreLaunchCommand: "x #y", name: "Pack # 2" });
  assert.equal(out, "InstanceType=OneSix\nname=Pack \\# 2\nnotes=a\\nb\nPreLaunchCommand=x \\#y\n");
});

Deno.test("CfgFile.getAny() honours the older key aliases after the current key", () => {
  const cfg = CfgFile.parse("PreLaunchCmd=old-alias\n", "multimc");
  assert.equal(cfg.getAny(["PreLaunchCommand", "PreLaunchCmd"]), "old-alias");
  const both = CfgFile.parse("PreLaunchCmd=old\nPreLaunchCommand=new\n", "multimc");
  assert.equal(both.getAny(["PreLaunchCommand", "PreLaunchCmd"]), "new");
});
