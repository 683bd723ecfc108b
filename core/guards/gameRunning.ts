/**
 * The running-game guard: syncing a world while Minecraft has it open uploads a torn world or restores
 * over files the game is about to overwrite. `pull` and `push` refuse (exit 6) while this finds the game.
 */
import { findHeldSessionLock } from "./sessionLock.ts";
import {
  cwdMatchesPack,
  type JavaProcess,
  linuxJavaProcesses,
  macJavaProcesses,
  windowsJavaProcesses,
} from "./javaProcess.ts";
import { samePath } from "./samePath.ts";

/** How the game was found: a Java process in the pack folder, or an open world's held session.lock. */
export interface RunningGame {
  pid?: number;
  how: "process" | "session.lock";
  /** A clause for the message, e.g. `java (pid 4242) runs in "/home/a/.minecraft"`. */
  detail: string;
}

export interface FindRunningGameOptions {
  /** Where /proc is; tests point it at a fake. Default "/proc". */
  procRoot?: string;
  /** The OS to behave as; default `Deno.build.os`. */
  os?: typeof Deno.build.os;
  /** Lists the Java processes instead of asking the OS (tests feed captured `ps`/PowerShell output). */
  javaProcesses?: () => Promise<JavaProcess[]>;
}

/**
 * Looks for Minecraft playing the instance in `packFolder`:
 * 1. a process named `java`/`javaw` whose command line has `--gameDir <the pack folder>` (every
 *    launcher passes it), or whose working folder is the pack folder (or inside it, or the instance
 *    folder around a `.minecraft` pack folder). Paths are compared after resolving links, ignoring case
 *    on Windows and macOS. Linux reads /proc (`comm` of every process, then `cmdline` and `cwd` of the
 *    Java ones); macOS asks `ps` (and `lsof` for the working folder); Windows runs one bounded
 *    PowerShell `Get-CimInstance Win32_Process` query for java.exe/javaw.exe (command lines only: a
 *    process's working folder is not readable there without native code);
 * 2. on every OS, a world whose `saves/<World>/session.lock` another process holds (see sessionLock.ts),
 *    which also catches a game started without `--gameDir` by a launcher we do not know.
 *
 * @example
 * const game = await findRunningGame(pack);
 * if (game) throw new GameRunningError(`Minecraft is running on this instance: ${game.detail}`);
 */
export async function findRunningGame(
  packFolder: string,
  opts: FindRunningGameOptions = {},
): Promise<RunningGame | null> {
  const pack = await Deno.realPath(packFolder).catch(() => packFolder);
  const os = opts.os ?? Deno.build.os;
  let java: JavaProcess[] = [];
  try {
    if (opts.javaProcesses) java = await opts.javaProcesses();
    else if (os === "linux" || os === "android") java = await linuxJavaProcesses(opts.procRoot);
    else if (os === "darwin") java = await macJavaProcesses();
    else if (os === "windows") java = await windowsJavaProcesses();
  } catch {
    // no /proc (a container without it): the session.lock check below still runs
  }
  const byGameDir = java.find((p) => p.gameDir && samePath(p.gameDir, pack, os));
  if (byGameDir) {
    const { pid, name, gameDir } = byGameDir;
    return { pid, how: "process", detail: `${name} (pid ${pid}) plays "${gameDir}" (--gameDir)` };
  }
  const byCwd = java.find((p) => p.cwd && cwdMatchesPack(p.cwd, pack, os));
  if (byCwd) {
    return {
      pid: byCwd.pid,
      how: "process",
      detail: `${byCwd.name} (pid ${byCwd.pid}) runs in "${byCwd.cwd}"`,
    };
  }

  const lock = await findHeldSessionLock(pack, {
    procRoot: opts.procRoot,
    method: os === "linux" || os === "android" ? "proc-locks" : "try-lock",
  });
  if (!lock) return null;
  const world = lock.file.split("/")[1];
  const by = lock.pid ? ` by process ${lock.pid}` : "";
  return {
    pid: lock.pid,
    how: "session.lock",
    detail: `the world "${world}" is open ("${lock.file}" is locked${by})`,
  };
}
