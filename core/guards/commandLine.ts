/**
 * Reading a Java process's `--gameDir` from its command line. Every launcher (Prism, MultiMC,
 * ATLauncher, the official one) starts Minecraft with `--gameDir <the instance's game folder>`, so
 * the command line names the pack folder on every OS, whatever the process's working folder is.
 * Pure parsers: each OS's raw output is captured in tests and parsed here.
 */

/** The value of `--gameDir <dir>` or `--gameDir=<dir>` in an argv, or null. The last one wins, as in Minecraft. */
export function gameDirOf(argv: readonly string[]): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--gameDir" && i + 1 < argv.length) found = argv[++i];
    else if (a.startsWith("--gameDir=")) found = a.slice("--gameDir=".length);
  }
  return found;
}

/**
 * The `--gameDir` of a command line that `ps -o args=` printed with its arguments joined by spaces
 * (macOS): the value runs to the next ` --option` or the end, so folders with spaces survive.
 */
export function gameDirOfJoined(args: string): string | null {
  const m = /(?:^|\s)--gameDir(?:=|\s+)(.+?)(?=\s+--?[A-Za-z]|\s*$)/.exec(args);
  return m ? m[1] : null;
}

/**
 * Splits a Windows command line into argv the way the C runtime (and `CommandLineToArgvW`) does:
 * whitespace separates, double quotes group, `\"` is a quote, backslashes double before a quote only.
 */
export function splitWindowsCommandLine(line: string): string[] {
  const argv: string[] = [];
  let cur = "";
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") {
      let n = 0;
      while (line[i] === "\\") n++, i++;
      if (line[i] === '"') {
        cur += "\\".repeat(Math.floor(n / 2));
        if (n % 2 === 1) cur += '"';
        else quoted = !quoted;
      } else {
        cur += "\\".repeat(n);
        i--;
      }
      inArg = true;
    } else if (c === '"') {
      if (quoted && line[i + 1] === '"') cur += '"', i++;
      else quoted = !quoted;
      inArg = true;
    } else if ((c === " " || c === "\t") && !quoted) {
      if (inArg) argv.push(cur);
      cur = "";
      inArg = false;
    } else {
      cur += c;
      inArg = true;
    }
  }
  if (inArg) argv.push(cur);
  return argv;
}

/** One process line: its pid and its command line (argv when it is known exactly). */
export interface ProcessLine {
  pid: number;
  argv: string[];
}

/**
 * Parses the Windows process query's output: one `<pid>\t<CommandLine>` line per java/javaw process
 * (see WINDOWS_QUERY). A process whose command line is hidden from us (another user's) has none.
 */
export function parseWindowsProcessList(text: string): ProcessLine[] {
  const out: ProcessLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\t(.*)$/.exec(line);
    if (m && m[2].trim()) out.push({ pid: Number(m[1]), argv: splitWindowsCommandLine(m[2].trim()) });
  }
  return out;
}

/**
 * The PowerShell query for Windows: only java.exe/javaw.exe (a WQL filter, so WMI does the
 * filtering), one `<pid>\t<command line>` line each.
 */
export const WINDOWS_QUERY =
  "Get-CimInstance Win32_Process -Filter \"Name='java.exe' OR Name='javaw.exe'\" | " +
  'ForEach-Object { "$($_.ProcessId)`t$($_.CommandLine)" }';
