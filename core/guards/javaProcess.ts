/**
 * Finds Java processes and their working directories: Minecraft is a `java`/`javaw` process whose cwd is
 * the instance's game folder (Prism, MultiMC and ATLauncher all start it there).
 */
import { basename, dirname, join, sep } from "node:path";

/** A Java process and its resolved working directory. */
export interface JavaProcess {
  pid: number;
  name: string;
  cwd: string;
}

/** `java`, `javaw`, `/usr/bin/java`, `C:\…\javaw.exe`, `JAVA.EXE` … — any path, case, `.exe` or not. */
export function isJavaName(name: string): boolean {
  const base = name.trim().split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, "");
  return base === "java" || base === "javaw";
}

/**
 * Whether a process running in `cwd` plays the pack in `pack` (both real paths): the pack folder itself,
 * a folder inside it, or the instance folder around a `.minecraft`/`minecraft` pack folder. Never any
 * other ancestor: a Java tool started from the home folder is not Minecraft.
 */
export function cwdMatchesPack(cwd: string, pack: string): boolean {
  if (cwd === pack || cwd.startsWith(pack.endsWith(sep) ? pack : pack + sep)) return true;
  return cwd === dirname(pack) && [".minecraft", "minecraft"].includes(basename(pack));
}

/**
 * Linux: reads `<procRoot>/<pid>/comm` of every process (one small read each), and resolves the `cwd`
 * link only of the Java ones. Processes of other users whose cwd cannot be read are skipped.
 */
export async function linuxJavaProcesses(procRoot = "/proc"): Promise<JavaProcess[]> {
  const pids: number[] = [];
  for await (const entry of Deno.readDir(procRoot)) {
    if (/^\d+$/.test(entry.name)) pids.push(Number(entry.name));
  }
  const found = await Promise.all(pids.map(async (pid): Promise<JavaProcess | null> => {
    try {
      const name = (await Deno.readTextFile(join(procRoot, String(pid), "comm"))).trim();
      if (!isJavaName(name)) return null;
      return { pid, name, cwd: await Deno.realPath(join(procRoot, String(pid), "cwd")) };
    } catch {
      return null; // exited meanwhile, or not ours to inspect
    }
  }));
  return found.filter((p): p is JavaProcess => p !== null);
}

/**
 * macOS: `ps -axo pid=,comm=` lists every process with its executable path; one `lsof -a -d cwd -p
 * <pids> -Fn` then gives the Java ones' working directories (`p<pid>` and `n<path>` lines).
 */
export async function macJavaProcesses(): Promise<JavaProcess[]> {
  const ps = await run("ps", ["-axo", "pid=,comm="]);
  if (ps === null) return [];
  const names = new Map<number, string>();
  for (const line of ps.split("\n")) {
    const m = /^\s*(\d+)\s+(.+)$/.exec(line);
    if (m && isJavaName(m[2])) names.set(Number(m[1]), m[2].trim());
  }
  if (names.size === 0) return [];
  const lsof = await run("lsof", ["-a", "-d", "cwd", "-p", [...names.keys()].join(","), "-Fn"]);
  if (lsof === null) return [];
  const out: JavaProcess[] = [];
  let pid = 0;
  for (const line of lsof.split("\n")) {
    if (line.startsWith("p")) pid = Number(line.slice(1));
    else if (line.startsWith("n") && names.has(pid)) {
      const cwd = await Deno.realPath(line.slice(1)).catch(() => line.slice(1));
      out.push({ pid, name: names.get(pid)!, cwd });
    }
  }
  return out;
}

/** stdout of a command, or null when it cannot be started. lsof exits 1 when some pid vanished: fine. */
async function run(cmd: string, args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "null" })
      .output();
    return new TextDecoder().decode(out.stdout);
  } catch {
    return null;
  }
}
