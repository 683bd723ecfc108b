import process from "node:process";
import { type Instance, render } from "ink";
import type { ReactElement, ReactNode } from "react";

/** Streams Ink draws on and reads from; production uses stderr and stdin, tests pass fakes. */
export interface TuiStreams {
  stdout: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Whole frames instead of in-place updates (what ink-testing-library uses). */
  debug?: boolean;
}

/** stderr for drawing (stdout is reserved for results and `--json`), stdin for keys. */
export function defaultStreams(): TuiStreams {
  return { stdout: process.stderr, stdin: process.stdin };
}

/**
 * Renders with the settings every TUI surface shares: on stderr, Ctrl+C left to the prompts (which
 * answer "cancel"), the console untouched (its output would land on stderr), and interactive even
 * when a CI variable is set: we are only here because a person is at a terminal.
 */
export function mountInk(node: ReactNode, streams: TuiStreams = defaultStreams()): Instance {
  return render(node, {
    stdout: streams.stdout,
    stderr: streams.stdout,
    stdin: streams.stdin,
    debug: streams.debug ?? false,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
  });
}

/**
 * Mounts one question and waits for its single answer: `render` gets `settle`, which the component
 * calls with the answer (or null for cancel); later calls are ignored. Ink is unmounted, and the
 * terminal out of raw mode, before the promise settles. With `clear`, the question's last frame is
 * erased first instead of staying in the scrollback (a screen the player comes back to, or one whose
 * last frame may be a spinner).
 */
export async function askOnce<T>(
  render: (settle: (answer: T | null) => void) => ReactElement,
  streams: TuiStreams = defaultStreams(),
  opts: { clear?: boolean } = {},
): Promise<T | null> {
  let result: T | null = null;
  let settled = false;
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const settle = (answer: T | null) => {
    if (settled) return;
    settled = true;
    result = answer;
    finish();
  };
  const ink = mountInk(render(settle), streams);
  try {
    await done;
  } finally {
    if (opts.clear) {
      await ink.waitUntilRenderFlush().catch(() => {});
      ink.clear();
    }
    ink.unmount();
    await ink.waitUntilExit().catch(() => {});
  }
  return result;
}
