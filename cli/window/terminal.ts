import { basename } from "../../core/fs/path.ts";
import { appleScriptString, cmdQuote, shJoin, shQuote } from "./quote.ts";

/** One way to open a terminal window running our command. */
export interface TerminalLaunch {
  /** Shown to the player ("opened a terminal window (xterm)") and in the why-not line. */
  name: string;
  cmd: string;
  args: string[];
  /** Windows: `args[0]` is the whole command line, passed to cmd.exe as it is. */
  windowsRawArguments?: boolean;
}

export interface TerminalContext {
  os: typeof Deno.build.os;
  env: Record<string, string | undefined>;
  /** Finds an executable on PATH (injected: unit tests pin the choice without installing terminals). */
  which: (name: string) => string | null;
  title: string;
}

/** The command line forms of the common emulators: `p` its path, `t` the title, `c` our argv. */
const KNOWN: Record<string, (p: string, t: string, c: string[]) => string[]> = {
  // --wait keeps the client until the window closes (the server would otherwise return at once).
  "gnome-terminal": (p, _t, c) => [p, "--wait", "--", ...c],
  konsole: (p, _t, c) => [p, "--nofork", "-e", ...c],
  "xfce4-terminal": (p, t, c) => [p, "--disable-server", `--title=${t}`, "-x", ...c],
  kitty: (p, t, c) => [p, "--title", t, ...c],
  alacritty: (p, t, c) => [p, "--title", t, "-e", ...c],
  wezterm: (p, _t, c) => [p, "start", "--always-new-process", "--", ...c],
  foot: (p, t, c) => [p, `--title=${t}`, ...c],
  xterm: (p, t, c) => [p, "-T", t, "-e", ...c],
  // Debian policy 11.8.3: every x-terminal-emulator takes `-e command args…`.
  "x-terminal-emulator": (p, _t, c) => [p, "-e", ...c],
};

/** The order Linux tries them in, after $INSTANCE_SYNC_TERMINAL, $TERMINAL and x-terminal-emulator. */
export const LINUX_EMULATORS = [
  "gnome-terminal",
  "konsole",
  "xfce4-terminal",
  "kitty",
  "alacritty",
  "wezterm",
  "foot",
  "xterm",
];

/** Variables the window's shell needs where a terminal does not pass ours on (Terminal.app). */
export const CARRIED_ENV = ["NO_COLOR", "FORCE_COLOR", "LANG", "LC_ALL", "INSTANCE_SYNC_DEBUG"];

/**
 * The terminals to try, in order, for running `command` in a new window. An explicit
 * `$INSTANCE_SYNC_TERMINAL` is the only candidate when set: a setting that is silently passed over would
 * be harder to debug than a window that does not open.
 */
export function terminalLaunches(command: string[], ctx: TerminalContext): TerminalLaunch[] {
  const template = ctx.env.INSTANCE_SYNC_TERMINAL?.trim();
  if (template) {
    const words = fillTemplate(template, command);
    return [{ name: `$INSTANCE_SYNC_TERMINAL (${basename(words[0])})`, cmd: words[0], args: words.slice(1) }];
  }
  if (ctx.os === "darwin") return [macTerminal(command, ctx)];
  if (ctx.os === "windows") return [windowsConsole(command, ctx.title)];

  const out: TerminalLaunch[] = [];
  const add = (name: string, argv: string[]) => {
    if (!out.some((l) => l.cmd === argv[0])) out.push({ name, cmd: argv[0], args: argv.slice(1) });
  };
  const chosen = ctx.env.TERMINAL?.trim();
  if (chosen) {
    const path = ctx.which(chosen) ?? chosen;
    const form = KNOWN[basename(chosen)];
    add(`$TERMINAL (${basename(chosen)})`, form ? form(path, ctx.title, command) : [path, "-e", ...command]);
  }
  for (const name of ["x-terminal-emulator", ...LINUX_EMULATORS]) {
    const path = ctx.which(name);
    if (path) add(name, KNOWN[name](path, ctx.title, command));
  }
  return out;
}

/**
 * `$INSTANCE_SYNC_TERMINAL`: a command line in sh-like words, where a `{}` word stands for our argv
 * (word by word) and `{}` inside a word for our command as one sh-quoted string (`sh -c '{}'`). Without
 * `{}` our argv goes at the end.
 */
export function fillTemplate(template: string, command: string[]): string[] {
  const words = splitWords(template);
  if (!words.some((w) => w.includes("{}"))) return [...words, ...command];
  return words.flatMap((w) => w === "{}" ? command : [w.replaceAll("{}", shJoin(command))]);
}

/** Splits a command line into words like sh does for quotes and backslashes (no expansions). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * macOS: Terminal.app through osascript. Its new window starts a login shell with its own
 * environment, so the variables the dialog draws with are set on the command itself.
 */
function macTerminal(command: string[], ctx: TerminalContext): TerminalLaunch {
  const assignments = CARRIED_ENV.flatMap((k) =>
    ctx.env[k] !== undefined ? [`${k}=${shQuote(ctx.env[k]!)}`] : []
  );
  const line = [...assignments, shJoin(command)].join(" ") + "; exit";
  return {
    name: "Terminal.app",
    cmd: "osascript",
    args: [
      "-e",
      'tell application "Terminal"',
      "-e",
      `do script ${appleScriptString(line)}`,
      "-e",
      "activate",
      "-e",
      "end tell",
    ],
  };
}

/**
 * Windows: a new console window. `start "title" /wait` opens it and waits for our program; `/s` makes
 * cmd.exe strip only the outer quotes, so the line is passed raw (Deno would otherwise re-escape the
 * inner quotes in a way cmd.exe does not read).
 */
export function windowsConsole(command: string[], title: string): TerminalLaunch {
  const line = `start ${cmdQuote(title.replaceAll('"', "'"))} /wait ${command.map(cmdQuote).join(" ")}`;
  return {
    name: "a new console window",
    cmd: "cmd.exe",
    args: [`/d /s /c "${line}"`],
    windowsRawArguments: true,
  };
}

/** `which`: the first executable `name` on `$PATH` (absolute names are checked as they are). */
export function whichOnPath(env: Record<string, string | undefined>): (name: string) => string | null {
  return (name) => {
    const isExecutable = (p: string) => {
      try {
        const info = Deno.statSync(p);
        return info.isFile && (info.mode === null || (info.mode & 0o111) !== 0);
      } catch {
        return false;
      }
    };
    if (name.includes("/")) return isExecutable(name) ? name : null;
    for (const dir of (env.PATH ?? "").split(":")) {
      if (dir && isExecutable(`${dir}/${name}`)) return `${dir}/${name}`;
    }
    return null;
  };
}
