/**
 * Timing one whole process the way a launcher sees it: wall time from spawn to exit
 * (`performance.now()` around `Deno.Command(...).spawn()` and its status), and the peak resident set
 * of that process alone, read as `VmHWM` from `/proc/<pid>/status` while polling. VmHWM only grows, so
 * the last successful read is the peak up to that moment; a peak in the final polling interval before
 * exit can be missed (the interval is 20 ms). Children (restic) are measured separately by the
 * wrapper in `resticSpy.ts`.
 */

export interface RunSpec {
  cmd: string;
  args: string[];
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Written to the child's stdin, then closed; stdin is null when absent. */
  input?: string;
  /** Exit codes that count as success (default [0]). */
  okCodes?: number[];
}

export interface RunResult {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
  /** Peak RSS of the process itself in KiB, or null when /proc could not be read. */
  peakRssKiB: number | null;
  /** Wall-clock start and end (ms since the epoch), to place the restic calls of a run in time. */
  startEpochMs: number;
  endEpochMs: number;
}

const POLL_MS = 20;

/** Runs a process to completion and measures it; throws when it exits with an unexpected code. */
export async function timed(spec: RunSpec): Promise<RunResult> {
  const start = performance.now();
  const startEpochMs = performance.timeOrigin + start;
  const child = new Deno.Command(spec.cmd, {
    args: spec.args,
    cwd: spec.cwd,
    env: spec.env,
    stdin: spec.input !== undefined ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let peak: number | null = null;
  const poll = () => {
    const hwm = readHwmKiB(child.pid);
    if (hwm !== null) peak = Math.max(peak ?? 0, hwm);
  };
  poll();
  const timer = setInterval(poll, POLL_MS);
  if (spec.input !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(spec.input));
    await w.close();
  }
  const [status, out, err] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const ms = performance.now() - start;
  clearInterval(timer);
  const result = {
    ms,
    code: status.code,
    stdout: out,
    stderr: err,
    peakRssKiB: peak,
    startEpochMs,
    endEpochMs: startEpochMs + ms,
  };
  if (!(spec.okCodes ?? [0]).includes(status.code)) {
    throw new Error(
      `${spec.cmd} ${spec.args.join(" ")} exited ${status.code}\n${err.slice(-3000)}${out.slice(-1000)}`,
    );
  }
  return result;
}

function readHwmKiB(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
    return m ? Number(m[1]) : null;
  } catch {
    return null; // exited, or no /proc
  }
}

/** The median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Seconds with two decimals (`1.23s`). */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

/** MiB with one decimal. */
export function mib(kib: number | null): string {
  return kib === null ? "n/a" : `${(kib / 1024).toFixed(1)} MiB`;
}
