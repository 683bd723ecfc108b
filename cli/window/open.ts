import { processAlive } from "../../core/sync/lock.ts";
import { printable } from "../ui/printable.ts";
import {
  type DialogAnswer,
  dialogFiles,
  type DialogQuestion,
  newQuestionPath,
  type QuestionFile,
  readAnswer,
  readPid,
  sweepStale,
  writePrivateNew,
} from "./protocol.ts";
import { currentSelf, selfCommand } from "./selfCommand.ts";
import { type TerminalLaunch, terminalLaunches, whichOnPath } from "./terminal.ts";

/** How a dialog window ended. */
export type WindowOutcome =
  | { kind: "answer"; answer: DialogAnswer }
  | { kind: "closed" }
  | { kind: "timeout" }
  /** The hook was interrupted (Ctrl+C, SIGINT) while it waited. */
  | { kind: "interrupted" }
  /** No window could open; `why` is one line for the launcher's log. */
  | { kind: "unavailable"; why: string };

export interface OpenOptions {
  configDir: string;
  env: Record<string, string | undefined>;
  os: typeof Deno.build.os;
  timeoutMs: number;
  title: string;
  /** Called once the dialog runs in its window, with the terminal's name. */
  onOpen: (terminal: string) => void;
  /** How long a window may take to start our dialog before it counts as failed (default 30 s). */
  startupMs?: number;
  signal?: AbortSignal;
  /** Tests only: the argv to run in the window instead of this program's own `dialog` command. */
  command?: (questionPath: string) => string[];
}

const POLL_MS = 150;

/**
 * Opens a terminal window running `instance-sync dialog <question file>` and waits for its answer.
 * Tries each terminal in turn until one starts the dialog; cleans up every dialog file it made.
 */
export async function openDialogWindow(question: DialogQuestion, o: OpenOptions): Promise<WindowOutcome> {
  await sweepStale(o.configDir);
  const nonce = crypto.randomUUID().replaceAll("-", "");
  const files = dialogFiles(newQuestionPath(o.configDir, nonce));
  const deadline = Date.now() + o.timeoutMs;
  const command = o.command?.(files.question) ?? selfCommand(currentSelf(), ["dialog", files.question]);
  const launches = terminalLaunches(command, {
    os: o.os,
    env: o.env,
    which: whichOnPath(o.env),
    // A terminal's title is shown by the window manager and the taskbar: no escape sequence reaches it.
    title: printable(o.title),
  });
  if (launches.length === 0) {
    return {
      kind: "unavailable",
      why: 'no terminal emulator found (set INSTANCE_SYNC_TERMINAL, e.g. "xterm -e {}")',
    };
  }
  await writePrivateNew(
    files.question,
    JSON.stringify({ nonce, deadline, owner: Deno.pid, title: o.title, question } satisfies QuestionFile),
  );
  const failures: string[] = [];
  try {
    for (const launch of launches) {
      const outcome = await tryLaunch(launch, files, nonce, deadline, o);
      if (typeof outcome === "string") failures.push(`${launch.name}: ${outcome}`);
      else return outcome;
    }
    return { kind: "unavailable", why: `no terminal window could be opened (${failures.join("; ")})` };
  } finally {
    for (const f of Object.values(files)) await Deno.remove(f).catch(() => {});
  }
}

/** One terminal: the outcome, or why this terminal failed to start the dialog (try the next). */
async function tryLaunch(
  launch: TerminalLaunch,
  files: ReturnType<typeof dialogFiles>,
  nonce: string,
  deadline: number,
  o: OpenOptions,
): Promise<WindowOutcome | string> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(launch.cmd, {
      args: launch.args,
      windowsRawArguments: launch.windowsRawArguments,
      env: Object.fromEntries(
        Object.entries(o.env).filter((kv): kv is [string, string] => kv[1] !== undefined),
      ),
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? "not found" : (e as Error).message;
  }
  // Drain stderr (a chatty terminal must not block on a full pipe) and keep its last line for the log.
  let lastLine = "";
  const drained = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        const lines = chunk.split("\n").map((l) => l.trim()).filter(Boolean);
        if (lines.length) lastLine = lines[lines.length - 1].slice(0, 200);
      },
    }),
  ).catch(() => {});
  let exit: Deno.CommandStatus | null = null;
  const exited = child.status.then((s) => exit = s);

  const startBy = Date.now() + (o.startupMs ?? 30_000);
  let pid: number | null = null;
  let lastAliveCheck = 0;
  // Windows has no SIGTERM for other processes; its console window closes with the program either way.
  const signal = o.os === "windows" ? "SIGKILL" : "SIGTERM";
  const stop = async (result: WindowOutcome | string) => {
    if (pid !== null) {
      try {
        Deno.kill(pid, signal); // the window closes with its program
      } catch { /* already gone */ }
    }
    if (exit === null) {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
    }
    await Promise.race([Promise.all([exited, drained]), sleep(2000)]);
    return result;
  };

  while (true) {
    const answer = await readAnswer(files.answer, nonce);
    if (answer !== null) return await stop({ kind: "answer", answer });
    if (o.signal?.aborted) return await stop({ kind: "interrupted" });
    if (Date.now() >= deadline) return await stop({ kind: "timeout" });
    if (pid === null) {
      pid = await readPid(files.open);
      // Said only once the dialog runs: a terminal that fails to start must not be reported as open.
      if (pid !== null) o.onOpen(launch.name);
      else {
        if (exit !== null && !(exit as Deno.CommandStatus).success) {
          const code = (exit as Deno.CommandStatus).code;
          return `exited with code ${code}${lastLine ? `: ${lastLine}` : ""}`;
        }
        if (Date.now() >= startBy) {
          return await stop(
            `the dialog did not start within ${Math.round((o.startupMs ?? 30_000) / 1000)} s`,
          );
        }
      }
    } else if (Date.now() - lastAliveCheck >= (o.os === "linux" ? POLL_MS : 1000)) {
      lastAliveCheck = Date.now();
      if (!(await processAlive(pid))) {
        // The answer may have landed between the two checks.
        const late = await readAnswer(files.answer, nonce);
        return await stop(late !== null ? { kind: "answer", answer: late } : { kind: "closed" });
      }
    }
    await sleep(POLL_MS);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
