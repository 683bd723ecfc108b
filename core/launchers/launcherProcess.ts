/**
 * Whether a launcher is running. Prism, MultiMC and ATLauncher hold their settings in memory and write
 * them back (the global file on any change, `instance.cfg`/`instance.json` at every launch), so an edit
 * made while they run is lost: `hooks` refuses then (exit 2) and asks to close the launcher. Processes
 * are listed the way core/guards/javaProcess.ts lists Java: `/proc` on Linux, `ps` on macOS,
 * `tasklist` on Windows; tests pass their own list.
 */
import { UsageError } from "../errors.ts";
import { join } from "../fs/path.ts";
import { LAUNCHER_NAMES } from "./hookPlan.ts";
import type { LauncherKind } from "./types.ts";

export interface ProcessInfo {
  pid: number;
  /** The executable's name (Linux `comm`, at most 15 characters). */
  name: string;
  /** The command line, when it could be read (ATLauncher runs as `java -jar ATLauncher.jar`). */
  commandLine?: string;
}

const base = (s: string) => s.split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, "");

/** Whether `p` is `kind`'s launcher. */
export function isLauncherProcess(kind: LauncherKind, p: ProcessInfo): boolean {
  const name = base(p.name);
  if (kind === "prism") return name === "prismlauncher";
  if (kind === "multimc") return name === "multimc";
  if (kind === "modrinth") return name === "modrinthapp" || name === "modrinth-app" || name === "theseus";
  return name === "atlauncher" || (/^javaw?$/.test(name) && /atlauncher/i.test(p.commandLine ?? ""));
}

/** Linux: every process's `comm`, and `cmdline` for Java ones. */
export function linuxProcesses(procRoot = "/proc"): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const e of Deno.readDirSync(procRoot)) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const name = Deno.readTextFileSync(join(procRoot, e.name, "comm")).trim();
      const commandLine = /^javaw?$/.test(name)
        ? Deno.readTextFileSync(join(procRoot, e.name, "cmdline")).replaceAll("\0", " ")
        : undefined;
      out.push({ pid: Number(e.name), name, ...(commandLine ? { commandLine } : {}) });
    } catch {
      // exited meanwhile, or another user's
    }
  }
  return out;
}

async function run(cmd: string, args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "null" })
      .output();
    return new TextDecoder().decode(out.stdout);
  } catch {
    return "";
  }
}

/** The processes of this computer (what could be read). */
export async function listProcesses(os = Deno.build.os): Promise<ProcessInfo[]> {
  if (os === "linux") return linuxProcesses();
  if (os === "windows") {
    const text = await run("tasklist", ["/fo", "csv", "/nh"]);
    return text.split("\n").flatMap((line) => {
      const m = /^"([^"]+)","(\d+)"/.exec(line.trim());
      return m ? [{ pid: Number(m[2]), name: m[1] }] : [];
    });
  }
  const text = await run("ps", ["-axo", "pid=,args="]);
  return text.split("\n").flatMap((line) => {
    const m = /^\s*(\d+)\s+(\S+)(.*)$/.exec(line);
    return m ? [{ pid: Number(m[1]), name: m[2], commandLine: m[2] + m[3] }] : [];
  });
}

/** Refuses (UsageError, exit 2) when one of `kinds` runs, naming it. */
export function assertLaunchersClosed(kinds: Iterable<LauncherKind>, processes: ProcessInfo[]): void {
  for (const kind of new Set(kinds)) {
    const p = processes.find((p) => isLauncherProcess(kind, p));
    if (p) {
      throw new UsageError(
        `${LAUNCHER_NAMES[kind]} is running (process ${p.pid}): it would overwrite the change from memory`,
        `Close ${LAUNCHER_NAMES[kind]} and try again`,
      );
    }
  }
}
