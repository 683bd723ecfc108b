/**
 * Finds Java processes with what tells whether they play a pack: the `--gameDir` on their command line
 * (every launcher passes it) and, where it can be read cheaply, their working folder (Prism, MultiMC
 * and ATLauncher also start the game there).
 */
import { join, posix, win32 } from "../fs/path.ts";
import { gameDirOf, gameDirOfJoined, parseWindowsProcessList, WINDOWS_QUERY } from "./commandLine.ts";
import { comparablePath } from "./samePath.ts";

/** A Java process; `gameDir` and `cwd` are absolute with links resolved, when they could be read. */
export interface JavaProcess {
  pid: number;
  name: string;
  gameDir?: string;
  cwd?: string;
}

/** `java`, `javaw`, `/usr/bin/java`, `C:\…\javaw.exe`, `JAVA.EXE` … — any path, case, `.exe` or not. */
export function isJavaName(name: string): boolean {
  const base = name.trim().split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, "");
  return base === "java" || base === "javaw";
}

/**
 * Whether a process running in `cwd` plays the pack in `pack` (both real paths): the pack folder itself,
 * a folder inside it, or the instance folder around a `.minecraft`/`minecraft` pack folder. Never any
 * other ancestor: a Java tool started from the home folder is not Minecraft. Case is ignored where the
 * OS's file system ignores it.
 */
export function cwdMatchesPack(cwd: string, pack: string, os: typeof Deno.build.os = Deno.build.os): boolean {
  const sep = os === "windows" ? "\\" : "/";
  const [c, p] = [comparablePath(cwd, os), comparablePath(pack, os)];
  if (c === p || c.startsWith(p.endsWith(sep) ? p : p + sep)) return true;
  const path = os === "windows" ? win32 : posix;
  return c === path.dirname(p) && [".minecraft", "minecraft"].includes(path.basename(p));
}

/** Resolves links in a `--gameDir` value; a relative one is taken from the process's working folder. */
async function resolveGameDir(dir: string | null, cwd: string | undefined): Promise<string | undefined> {
  if (!dir) return undefined;
  const absolute = cwd && !posix.isAbsolute(dir) && !win32.isAbsolute(dir) ? join(cwd, dir) : dir;
  return await Deno.realPath(absolute).catch(() => absolute);
}

/**
 * Linux: reads `<procRoot>/<pid>/comm` of every process (one small read each); for the Java ones, the
 * `cmdline` (NUL-separated argv) and the `cwd` link. What cannot be read (another user's process) is
 * left out; a process with neither is skipped.
 */
export async function linuxJavaProcesses(procRoot = "/proc"): Promise<JavaProcess[]> {
  // Every process's name is read synchronously: /proc files are the kernel's memory, never a disk wait,
  // and an async read per process (hundreds on a desktop) costs a thread-pool hop each (64 processes:
  // 2.2–3.4 ms async, 1.3–1.7 ms like this). Only the few Java processes are looked at further.
  const java: [number, string][] = [];
  for (const entry of Deno.readDirSync(procRoot)) {
    if (!/^\d+$/.test(entry.name)) continue;
    let name: string;
    try {
      name = Deno.readTextFileSync(join(procRoot, entry.name, "comm")).trim();
    } catch {
      continue; // exited meanwhile
    }
    if (isJavaName(name)) java.push([Number(entry.name), name]);
  }
  const found = await Promise.all(java.map(async ([pid, name]): Promise<JavaProcess | null> => {
    const dir = join(procRoot, String(pid));
    try {
      const cwd = await Deno.realPath(join(dir, "cwd")).catch(() => undefined);
      const argv = await Deno.readTextFile(join(dir, "cmdline")).then((t) => t.split("\0"), () => []);
      const gameDir = await resolveGameDir(gameDirOf(argv), cwd);
      return gameDir || cwd ? { pid, name, gameDir, cwd } : null;
    } catch {
      return null; // exited meanwhile
    }
  }));
  return found.filter((p): p is JavaProcess => p !== null);
}

/**
 * macOS: `ps -axo pid=,comm=` lists every process with its executable path; for the Java ones,
 * `ps -o pid=,args=` gives the command line and one `lsof -a -d cwd -p <pids> -Fn` the working folders.
 */
export async function macJavaProcesses(): Promise<JavaProcess[]> {
  const names = parsePsComm(await run("ps", ["-axo", "pid=,comm="]) ?? "");
  if (names.size === 0) return [];
  const pids = [...names.keys()].join(",");
  const args = parsePsArgs(await run("ps", ["-o", "pid=,args=", "-p", pids]) ?? "");
  const cwds = parseLsofCwd(await run("lsof", ["-a", "-d", "cwd", "-p", pids, "-Fn"]) ?? "");
  const out: JavaProcess[] = [];
  for (const [pid, name] of names) {
    const cwd = cwds.has(pid) ? await Deno.realPath(cwds.get(pid)!).catch(() => cwds.get(pid)) : undefined;
    const gameDir = await resolveGameDir(gameDirOfJoined(args.get(pid) ?? ""), cwd);
    if (gameDir || cwd) out.push({ pid, name, gameDir, cwd });
  }
  return out;
}

/** `ps -axo pid=,comm=` → pid → name, Java processes only. */
export function parsePsComm(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*(\d+)\s+(.+)$/.exec(line);
    if (m && isJavaName(m[2])) names.set(Number(m[1]), m[2].trim());
  }
  return names;
}

/** `ps -o pid=,args=` → pid → the command line as ps joined it. */
export function parsePsArgs(text: string): Map<number, string> {
  const args = new Map<number, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (m) args.set(Number(m[1]), m[2]);
  }
  return args;
}

/** `lsof -Fn` output (`p<pid>` then `n<path>` lines) → pid → working folder. */
export function parseLsofCwd(text: string): Map<number, string> {
  const cwds = new Map<number, string>();
  let pid = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("p")) pid = Number(line.slice(1));
    else if (line.startsWith("n") && pid) cwds.set(pid, line.slice(1));
  }
  return cwds;
}

/**
 * How long the Windows process query may take. PowerShell's start dominates it (typically a few hundred
 * ms, more on a cold start); past this the guard falls back to the session.lock probe rather than hold
 * up the launch.
 */
export const WINDOWS_QUERY_TIMEOUT_MS = 4000;

/**
 * Windows: one PowerShell `Get-CimInstance Win32_Process` query filtered to java.exe/javaw.exe gives
 * their command lines (a process's working folder is not readable there without native code). Bounded
 * by `timeoutMs`; a timeout or a missing PowerShell gives no processes. `powershell` is for tests.
 */
export async function windowsJavaProcesses(
  timeoutMs = WINDOWS_QUERY_TIMEOUT_MS,
  powershell = "powershell.exe",
): Promise<JavaProcess[]> {
  const text = await run(
    powershell,
    ["-NoProfile", "-NonInteractive", "-Command", WINDOWS_QUERY],
    AbortSignal.timeout(timeoutMs),
  );
  const out: JavaProcess[] = [];
  for (const p of parseWindowsProcessList(text ?? "")) {
    const gameDir = await resolveGameDir(gameDirOf(p.argv), undefined);
    if (gameDir) out.push({ pid: p.pid, name: win32.basename(p.argv[0] ?? "java"), gameDir });
  }
  return out;
}

/** stdout of a command, or null when it cannot start or is stopped. lsof exits 1 when a pid vanished: fine. */
async function run(cmd: string, args: string[], signal?: AbortSignal): Promise<string | null> {
  try {
    const out = await new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "null", signal })
      .output();
    // Stopped at its bound: what it printed so far may be cut off mid-line, so none of it counts.
    return signal?.aborted ? null : new TextDecoder().decode(out.stdout);
  } catch {
    return null;
  }
}
