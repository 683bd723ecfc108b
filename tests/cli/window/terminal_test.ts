/** The command lines that open a dialog window, per platform and per terminal (docs/dialogs.md). */
import assert from "node:assert/strict";
import {
  fillTemplate,
  splitWords,
  type TerminalContext,
  terminalLaunches,
} from "../../../cli/window/terminal.ts";

const CMD = [
  "/opt/instance sync/instance-sync",
  "dialog",
  "/home/me/My Pack/.minecraft/.cloud-sync/dialog-1.question.json",
];
const TITLE = 'instance-sync: conflict in "Pack"';

function ctx(
  os: TerminalContext["os"],
  env: Record<string, string> = {},
  installed: string[] = [],
): TerminalContext {
  return { os, env, title: TITLE, which: (n) => installed.includes(n) ? `/usr/bin/${n}` : null };
}
const argv = (l: { cmd: string; args: string[] }) => [l.cmd, ...l.args];

Deno.test("Linux tries $TERMINAL, then x-terminal-emulator, then the common emulators in order", () => {
  const all = [
    "x-terminal-emulator",
    "gnome-terminal",
    "konsole",
    "xfce4-terminal",
    "kitty",
    "alacritty",
    "wezterm",
    "foot",
    "xterm",
  ];
  const launches = terminalLaunches(CMD, ctx("linux", { TERMINAL: "kitty" }, all));
  assert.deepEqual(launches.map((l) => l.name), [
    "$TERMINAL (kitty)",
    "x-terminal-emulator",
    "gnome-terminal",
    "konsole",
    "xfce4-terminal",
    "alacritty",
    "wezterm",
    "foot",
    "xterm",
  ]);
});

Deno.test("each Linux emulator gets its own way to run a command, our argv passed word by word", () => {
  const forms = Object.fromEntries(
    terminalLaunches(
      CMD,
      ctx("linux", {}, [
        "gnome-terminal",
        "konsole",
        "xfce4-terminal",
        "kitty",
        "alacritty",
        "wezterm",
        "foot",
        "xterm",
      ]),
    )
      .map((l) => [l.name, argv(l)]),
  );
  assert.deepEqual(forms["gnome-terminal"], ["/usr/bin/gnome-terminal", "--wait", "--", ...CMD]);
  assert.deepEqual(forms.konsole, ["/usr/bin/konsole", "--nofork", "-e", ...CMD]);
  assert.deepEqual(forms["xfce4-terminal"], [
    "/usr/bin/xfce4-terminal",
    "--disable-server",
    `--title=${TITLE}`,
    "-x",
    ...CMD,
  ]);
  assert.deepEqual(forms.kitty, ["/usr/bin/kitty", "--title", TITLE, ...CMD]);
  assert.deepEqual(forms.alacritty, ["/usr/bin/alacritty", "--title", TITLE, "-e", ...CMD]);
  assert.deepEqual(forms.wezterm, ["/usr/bin/wezterm", "start", "--always-new-process", "--", ...CMD]);
  assert.deepEqual(forms.foot, ["/usr/bin/foot", `--title=${TITLE}`, ...CMD]);
  assert.deepEqual(forms.xterm, ["/usr/bin/xterm", "-T", TITLE, "-e", ...CMD]);
});

Deno.test("an unknown $TERMINAL gets the conventional -e; no terminal at all gives no launch", () => {
  const [l] = terminalLaunches(CMD, ctx("linux", { TERMINAL: "/opt/myterm" }));
  assert.deepEqual(argv(l), ["/opt/myterm", "-e", ...CMD]);
  assert.deepEqual(terminalLaunches(CMD, ctx("linux")), []);
});

Deno.test("$INSTANCE_SYNC_TERMINAL is the only choice: {} is our argv, {} inside a word our sh-quoted command", () => {
  const only = terminalLaunches(
    CMD,
    ctx("linux", { INSTANCE_SYNC_TERMINAL: "tilix --new-process -e {}" }, ["xterm"]),
  );
  assert.equal(only.length, 1);
  assert.deepEqual(argv(only[0]), ["tilix", "--new-process", "-e", ...CMD]);
  assert.deepEqual(fillTemplate("urxvt -e sh -c '{}; sleep 1'", ["/a b/x", "dialog", "it's"]), [
    "urxvt",
    "-e",
    "sh",
    "-c",
    "'/a b/x' dialog 'it'\\''s'; sleep 1",
  ]);
  assert.deepEqual(fillTemplate("st -e", ["x", "y"]), ["st", "-e", "x", "y"], "no {}: our argv at the end");
  assert.deepEqual(splitWords(`a "b c" 'd e' f\\ g`), ["a", "b c", "d e", "f g"]);
  // The template wins on every platform (iTerm on macOS, Windows Terminal on Windows).
  assert.equal(
    terminalLaunches(CMD, ctx("darwin", { INSTANCE_SYNC_TERMINAL: "open -a iTerm {}" }))[0].cmd,
    "open",
  );
});

Deno.test("macOS opens Terminal.app through osascript with an sh-quoted, AppleScript-escaped command", () => {
  const [l] = terminalLaunches(
    ['/Applications/My "Tools"/instance-sync', "dialog", "/Users/me/it's/q.json"],
    ctx("darwin", { NO_COLOR: "1", PATH: "/usr/bin", SECRET_THING: "x" }),
  );
  assert.equal(l.name, "Terminal.app");
  assert.deepEqual(argv(l), [
    "osascript",
    "-e",
    'tell application "Terminal"',
    "-e",
    `do script "NO_COLOR=1 '/Applications/My \\"Tools\\"/instance-sync' dialog '/Users/me/it'\\\\''s/q.json'; exit"`,
    "-e",
    "activate",
    "-e",
    "end tell",
  ]);
});

Deno.test("Windows starts a new console window with cmd /c start /wait, every word in double quotes", () => {
  const [l] = terminalLaunches(
    ["C:\\Users\\Me Me\\instance-sync.exe", "dialog", "C:\\Games\\100%\\Pack & Co\\q.json"],
    ctx("windows", { SESSIONNAME: "Console" }),
  );
  assert.equal(l.cmd, "cmd.exe");
  assert.equal(l.windowsRawArguments, true);
  assert.deepEqual(l.args, [
    `/d /s /c "start "instance-sync: conflict in 'Pack'" /wait "C:\\Users\\Me Me\\instance-sync.exe" "dialog" ` +
    `"C:\\Games\\100"%"\\Pack & Co\\q.json""`,
  ]);
  assert.throws(() => terminalLaunches(['C:\\a"b.exe'], ctx("windows")), /contains a quote/);
});
