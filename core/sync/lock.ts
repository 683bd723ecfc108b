import { LockedError } from "../errors.ts";
import type { InstancePaths } from "../config/paths.ts";
import { writeError } from "../fs/atomic.ts";

/** What `.cloud-sync/lock` holds (schema: lockSchema.ts, loaded only when another run's lock is read). */
interface LockInfo {
  pid: number;
  host: string;
  /** The holder's machine id (core/config/machine.ts); absent in locks of older versions. */
  machine?: string;
  command: string;
  started: string;
}

/** A held instance lock; release it in `finally`. */
export interface InstanceLock {
  /** True when a lock of a dead run was taken over (the caller should run `restic unlock`). */
  tookOverStale: boolean;
  release(): Promise<void>;
}

export interface LockOptions {
  command: string;
  /** This computer's id: host names repeat (every Steam Deck is "steamdeck"), machine ids do not. */
  machine?: string | null;
  /** How long to wait for a live holder before giving up (exit 4). */
  waitMs?: number;
  pollMs?: number;
  /** Injected for tests; default checks /proc, `kill -0` or `tasklist`. */
  isAlive?: (pid: number) => Promise<boolean>;
}

/**
 * Takes `.cloud-sync/lock` (I4): created exclusively, so two runs never interleave. A lock whose
 * process is gone (same computer) is taken over; a live holder is waited for briefly, then reported.
 */
export async function acquireLock(paths: InstancePaths, options: LockOptions): Promise<InstanceLock> {
  const waitMs = options.waitMs ?? 5000;
  const pollMs = options.pollMs ?? 200;
  const isAlive = options.isAlive ?? processAlive;
  const me: LockInfo = {
    pid: Deno.pid,
    host: Deno.hostname(),
    ...(options.machine ? { machine: options.machine } : {}),
    command: options.command,
    started: new Date().toISOString(),
  };
  const deadline = Date.now() + waitMs;
  let tookOverStale = false;
  await Deno.mkdir(paths.configDir, { recursive: true });
  while (true) {
    try {
      const file = await Deno.open(paths.lock, { write: true, createNew: true });
      const text = JSON.stringify(me) + "\n";
      try {
        try {
          const bytes = new TextEncoder().encode(text);
          let off = 0;
          while (off < bytes.length) off += await file.write(bytes.subarray(off));
        } finally {
          file.close();
        }
      } catch (e) {
        // A full disk: an empty lock file would block every run for 10 s and then be taken over.
        await Deno.remove(paths.lock).catch(() => {});
        throw writeError(paths.lock, e);
      }
      return {
        tookOverStale,
        // Removed only while it still holds exactly what this run wrote: a lock another run took over
        // meanwhile stays. Comparing the text needs no schema, so a hook's release loads nothing.
        release: async () => {
          const now = await Deno.readTextFile(paths.lock).catch(() => null);
          if (now === text) await Deno.remove(paths.lock).catch(() => {});
        },
      };
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
    const holder = await readLock(paths.lock);
    const stale = holder === null
      ? await olderThan(paths.lock, 10_000) // unreadable: a run killed while writing it
      : sameComputer(holder, me) && !(await isAlive(holder.pid));
    if (stale) {
      // Rename first, so two runs taking over at once cannot both delete a fresh lock.
      const aside = `${paths.lock}.stale-${Deno.pid}`;
      try {
        await Deno.rename(paths.lock, aside);
        await Deno.remove(aside);
        tookOverStale = true;
      } catch { /* someone else took it over; try again */ }
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder
        ? `${holder.command} (pid ${holder.pid} on ${holder.host}, started ${holder.started})`
        : "another run";
      throw new LockedError(
        `Another instance-sync run holds "${paths.lock}": ${who}`,
        "Wait for it to finish; if that process is gone, delete the lock file",
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** A pid means something only on the computer that wrote it: by machine id, else by host name. */
function sameComputer(holder: LockInfo, me: LockInfo): boolean {
  return holder.machine && me.machine ? holder.machine === me.machine : holder.host === me.host;
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const { LockInfoSchema } = await import("./lockSchema.ts");
    const parsed = LockInfoSchema.safeParse(JSON.parse(await Deno.readTextFile(path)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return Date.now() - (info.mtime?.getTime() ?? 0) > ms;
  } catch {
    return true;
  }
}

/** Whether a local process exists. */
export async function processAlive(pid: number): Promise<boolean> {
  if (pid === Deno.pid) return true;
  if (Deno.build.os === "linux") {
    try {
      await Deno.stat(`/proc/${pid}`);
      return true;
    } catch {
      return false;
    }
  }
  const cmd = Deno.build.os === "windows"
    ? new Deno.Command("tasklist", { args: ["/FI", `PID eq ${pid}`, "/NH"], stdout: "piped", stderr: "null" })
    : new Deno.Command("kill", { args: ["-0", String(pid)], stdout: "null", stderr: "null" });
  try {
    const out = await cmd.output();
    return Deno.build.os === "windows"
      ? new TextDecoder().decode(out.stdout).includes(String(pid))
      : out.success;
  } catch {
    return true; // cannot tell: treat as alive, never steal a live lock
  }
}
