/**
 * Minecraft locks `saves/<World>/session.lock` while the world is open (Java's `FileChannel.tryLock`).
 * That lock is an `fcntl` (POSIX) lock on Linux and macOS and a `LockFileEx` range lock on Windows.
 *
 * How we look for it, and why:
 * - Linux: `/proc/locks` lists every POSIX, OFD and flock lock with its inode, so one read finds
 *   Java's lock. Trying to take the lock ourselves would not work there: `Deno.FsFile.tryLock` uses
 *   `flock(2)`, and on Linux flock and fcntl locks do not see each other.
 * - macOS and Windows: `Deno.FsFile.tryLock(true)` (non-blocking; returns false when another process
 *   holds the lock; released at once when we get it). On macOS flock and fcntl locks share one lock list
 *   per file, and on Windows both sides use `LockFileEx` over the whole file, so Java's lock is seen.
 *   No `flock -n` subprocess is needed: Deno 2.9 has `tryLock`.
 */
import { join } from "../fs/path.ts";

/** A held session.lock: the pack-relative file and, when known, the process holding it. */
export interface HeldLock {
  file: string;
  pid?: number;
}

export interface SessionLockOptions {
  /** Where /proc is (tests point it at a fake). */
  procRoot?: string;
  /** Force a method; by default Linux reads /proc/locks and other systems try the lock. */
  method?: "proc-locks" | "try-lock";
}

/** The first world in `pack/saves/` whose session.lock another process holds, or null. */
export async function findHeldSessionLock(
  pack: string,
  opts: SessionLockOptions = {},
): Promise<HeldLock | null> {
  const locks = await sessionLocks(pack);
  if (locks.length === 0) return null;
  const procRoot = opts.procRoot ?? "/proc";
  const method = opts.method ?? (Deno.build.os === "linux" ? "proc-locks" : "try-lock");
  const table = method === "proc-locks" ? await readProcLocks(procRoot) : null;
  for (const lock of locks) {
    if (table) {
      const pid = await heldInProcLocks(table, lock, procRoot);
      if (pid !== null) return { file: lock.file, pid: pid > 0 ? pid : undefined };
    } else if (await heldByTryLock(lock.path)) {
      return { file: lock.file };
    }
  }
  return null;
}

interface LockFile {
  file: string;
  path: string;
  info: Deno.FileInfo;
}

async function sessionLocks(pack: string): Promise<LockFile[]> {
  const out: LockFile[] = [];
  try {
    for await (const world of Deno.readDir(join(pack, "saves"))) {
      const path = join(pack, "saves", world.name, "session.lock");
      const info = await Deno.stat(path).catch(() => null);
      if (info?.isFile) out.push({ file: `saves/${world.name}/session.lock`, path, info });
    }
  } catch {
    // no saves/ folder: no world can be open
  }
  return out;
}

/** One active lock from /proc/locks (waiting requests, the `->` lines, are left out). */
export interface ProcLock {
  pid: number;
  major: number;
  minor: number;
  inode: number;
}

/** Parses /proc/locks lines such as `1: POSIX  ADVISORY  WRITE 4242 fe:00:1234 0 EOF`. */
export function parseProcLocks(text: string): ProcLock[] {
  const out: ProcLock[] = [];
  for (const line of text.split("\n")) {
    const m = /^\d+:\s+(->\s+)?\S+\s+\S+\s+\S+\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/i.exec(line);
    if (!m || m[1]) continue;
    out.push({
      pid: Number(m[2]),
      major: parseInt(m[3], 16),
      minor: parseInt(m[4], 16),
      inode: Number(m[5]),
    });
  }
  return out;
}

async function readProcLocks(procRoot: string): Promise<ProcLock[] | null> {
  try {
    return parseProcLocks(await Deno.readTextFile(join(procRoot, "locks")));
  } catch {
    return null; // no /proc: fall back to trying the lock
  }
}

/**
 * The holder's pid (-1 for an OFD lock, which has none) when /proc/locks lists the file's inode on its
 * device. The device number in /proc/locks is the file system's own and can differ from `stat`'s
 * (btrfs subvolumes, overlayfs); then an open descriptor of the holder on the file confirms it.
 */
async function heldInProcLocks(table: ProcLock[], lock: LockFile, procRoot: string): Promise<number | null> {
  const [major, minor] = splitDev(lock.info.dev);
  for (const entry of table) {
    if (entry.inode !== lock.info.ino || entry.pid === Deno.pid) continue;
    if (entry.major === major && entry.minor === minor) return entry.pid;
    if (entry.pid > 0 && await hasOpen(procRoot, entry.pid, lock.path)) return entry.pid;
  }
  return null;
}

/** glibc's `major()`/`minor()` of a Linux `st_dev`. */
export function splitDev(dev: number): [major: number, minor: number] {
  const d = BigInt(dev);
  const major = ((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn);
  const minor = (d & 0xffn) | ((d >> 12n) & ~0xffn);
  return [Number(major), Number(minor)];
}

async function hasOpen(procRoot: string, pid: number, path: string): Promise<boolean> {
  try {
    const real = await Deno.realPath(path);
    for await (const fd of Deno.readDir(join(procRoot, String(pid), "fd"))) {
      const target = await Deno.readLink(join(procRoot, String(pid), "fd", fd.name)).catch(() => "");
      if (target === real) return true;
    }
  } catch {
    // not ours to inspect
  }
  return false;
}

async function heldByTryLock(path: string): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    // Windows refuses to open a file another process opened without sharing: the game has it.
    return !(e instanceof Deno.errors.NotFound) && /os error 32\b/.test(String(e));
  }
  try {
    const got = await file.tryLock(true);
    if (got) await file.unlock();
    return !got;
  } catch {
    return false;
  } finally {
    file.close();
  }
}
