/**
 * The bottom layer of the restic driver: run a process with a given environment, hand out its
 * stdout and stderr line by line (drained concurrently, so a chatty child never blocks on a full
 * pipe), and kill it when a signal aborts — always waiting for it to exit.
 */

export interface SpawnOptions {
  cmd: string;
  args: string[];
  /** The complete environment of the child (nothing is inherited). */
  env: Record<string, string>;
  cwd?: string;
  /** Aborting stops the child: SIGINT first (restic removes its lock), SIGKILL after `killGraceMs`. */
  signal?: AbortSignal;
  killGraceMs?: number;
  /** After the child exited, wait this long for its pipes to close (default 2000 ms). */
  drainGraceMs?: number;
  onStdout?: (line: string) => void;
  onStderr?: (line: string) => void;
}

export interface SpawnResult {
  code: number;
  signal: Deno.Signal | null;
  /** True when the child was stopped because `signal` aborted. */
  aborted: boolean;
  /** The first exception thrown by `onStdout`/`onStderr` (the streams are drained regardless). */
  listenerError?: unknown;
}

/** restic prints `\r\x1b[2K` (carriage return + clear line) before some stderr lines even into a pipe. */
// deno-lint-ignore no-control-regex
const CLEAR_LINE = /\r?\x1b\[2K/g;

/** Removes terminal clear-line sequences and a trailing `\r` from one line. */
export function cleanLine(line: string): string {
  return line.replace(CLEAR_LINE, "").replace(/\r$/, "");
}

/** Runs a child to completion; see the module comment. Rejects only when the child cannot start. */
export async function spawnLines(opts: SpawnOptions): Promise<SpawnResult> {
  if (opts.signal?.aborted) return { code: 130, signal: null, aborted: true };
  const child = new Deno.Command(opts.cmd, {
    args: opts.args,
    env: opts.env,
    clearEnv: true,
    cwd: opts.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let aborted = false;
  let listenerError: unknown;
  const guard = (fn?: (line: string) => void) =>
    fn &&
    ((line: string) => {
      try {
        fn(line);
      } catch (e) {
        listenerError ??= e;
      }
    });
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => {
    aborted = true;
    trySignal(child, Deno.build.os === "windows" ? "SIGKILL" : "SIGINT");
    killTimer = setTimeout(() => trySignal(child, "SIGKILL"), opts.killGraceMs ?? 5000);
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const readers = [
    lineReader(child.stdout, guard(opts.onStdout)),
    lineReader(child.stderr, guard(opts.onStderr)),
  ];
  try {
    const status = await child.status;
    // A grandchild (ssh for sftp:, rclone) may keep the pipes open after restic exits: give the
    // readers a moment to drain what is buffered, then stop reading instead of hanging.
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<boolean>((
      r,
    ) => (graceTimer = setTimeout(() => r(true), opts.drainGraceMs ?? 2000)));
    const late = await Promise.race([Promise.all(readers.map((r) => r.done)).then(() => false), grace]);
    clearTimeout(graceTimer);
    if (late) await Promise.all(readers.map((r) => r.cancel()));
    return { code: status.code, signal: status.signal, aborted, listenerError };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    clearTimeout(killTimer);
  }
}

function trySignal(child: Deno.ChildProcess, sig: Deno.Signal): void {
  try {
    child.kill(sig);
  } catch {
    // already exited
  }
}

const READ_BUFFER = 64 * 1024;

/** Reads a byte stream to its end, calling `onLine` for each cleaned line (the last one may lack `\n`). */
function lineReader(stream: ReadableStream<Uint8Array>, onLine?: (line: string) => void) {
  // A BYOB reader refills one 64 KiB buffer. The default reader allocates a fresh 64 KiB buffer for
  // every read, and restic writes each JSON line on its own (thousands of reads per restore): the
  // garbage raised a pull's peak memory by about 17 MiB before the collector caught up.
  const reader = stream.getReader({ mode: "byob" });
  let chunk = new Uint8Array(READ_BUFFER);
  const decoder = new TextDecoder();
  let buffer = "";
  // A listener that throws is caught by the caller's guard: draining must go on, or the child blocks.
  const emit = (line: string) => onLine?.(cleanLine(line));
  const done = (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read(chunk);
        if (done || !value) break;
        buffer += decoder.decode(value, { stream: true });
        chunk = new Uint8Array(value.buffer); // the same memory, handed back by the read
        let nl: number;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          emit(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
      }
    } catch {
      // cancelled
    }
    buffer += decoder.decode();
    if (buffer !== "") emit(buffer);
  })();
  return { done, cancel: () => reader.cancel().catch(() => {}).then(() => done) };
}
