/**
 * The running-game guard: syncing a world while Minecraft has it open uploads a torn world or restores
 * over files the game is about to overwrite. `pull` and `push` refuse (exit 6) while this finds the game.
 */
import { findHeldSessionLock } from "./sessionLock.ts";
import { cwdMatchesPack, type JavaProcess, linuxJavaProcesses, macJavaProcesses } from "./javaProcess.ts";

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
}

/**
 * Looks for Minecraft playing the instance in `packFolder`:
 * 1. a process named `java`/`javaw` whose working directory is the pack folder (or inside it, or the
 *    instance folder around a `.minecraft` pack folder) — Linux reads /proc (only `comm`, then `cwd` of
 *    the Java ones), macOS asks `ps` and `lsof`. Windows has no cheap way to read another process's
 *    working directory (`tasklist` cannot show it; WMI and PowerShell cost far more than the 50 ms we
 *    allow), so there only step 2 applies and a game still in its main menu goes unseen;
 * 2. on every OS, a world whose `saves/<World>/session.lock` another process holds (see sessionLock.ts).
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
    if (os === "linux" || os === "android") java = await linuxJavaProcesses(opts.procRoot);
    else if (os === "darwin") java = await macJavaProcesses();
  } catch {
    // no /proc (a container without it): the session.lock check below still runs
  }
  const game = java.find((p) => cwdMatchesPack(p.cwd, pack));
  if (game) {
    return { pid: game.pid, how: "process", detail: `${game.name} (pid ${game.pid}) runs in "${game.cwd}"` };
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
