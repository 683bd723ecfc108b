/**
 * Killing a CLI run at a chosen instant, as a launcher or a power cut does: SIGKILL of our process
 * alone (its restic runs on, orphaned) or of our process and its restic. Children are found through
 * /proc (Linux), so the CLI is spawned by the shared helper rather than in a process group of its own.
 */

/** Pids of every live descendant of `pid`. */
export async function descendants(pid: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${e.name}/stat`);
      // pid (comm) state ppid …; comm may hold spaces, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e.name)]);
    } catch { /* gone meanwhile */ }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function killPid(pid: number): void {
  try {
    Deno.kill(pid, "SIGKILL");
  } catch { /* already gone */ }
}

/**
 * Waits until none of `pids` exists, zombies included: restic treats a lock as stale only once its
 * process is gone, and here PID 1 reaps orphans only after a few seconds (a test-machine artifact).
 * Returns false when some were still there after `ms`.
 */
export async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (true) {
    let alive = 0;
    for (const pid of pids) {
      try {
        await Deno.stat(`/proc/${pid}`);
        alive++;
      } catch { /* gone */ }
    }
    if (alive === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
