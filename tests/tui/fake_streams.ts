import { EventEmitter } from "node:events";
import type { TuiStreams } from "../../tui/ink.ts";

/** A terminal stand-in for `createTuiFrontend`/`runSetupWizard`: records frames, takes keys. */
export class FakeTerminal {
  readonly frames: string[] = [];
  readonly rawModes: boolean[] = [];
  readonly stdout: EventEmitter & {
    columns: number;
    rows: number;
    isTTY: boolean;
    write(s: string, a?: unknown, b?: unknown): boolean;
  };
  readonly stdin: EventEmitter;
  #pending: string | null = null;

  constructor(columns = 80, rows = 24) {
    const frames = this.frames;
    this.stdout = Object.assign(new EventEmitter(), {
      columns,
      rows,
      isTTY: true,
      write(s: string, a?: unknown, b?: unknown) {
        if (s !== "") frames.push(s);
        // Ink waits for a write callback before `waitUntilExit()` settles.
        const done = [a, b].find((x) => typeof x === "function") as (() => void) | undefined;
        if (done) queueMicrotask(done);
        return true;
      },
    });
    this.stdin = Object.assign(new EventEmitter(), {
      isTTY: true,
      setEncoding() {},
      setRawMode: (on: boolean) => {
        this.rawModes.push(on);
      },
      resume() {},
      pause() {},
      ref() {},
      unref() {},
      read: () => {
        const d = this.#pending;
        this.#pending = null;
        return d;
      },
    });
  }

  /** Streams in the shape the TUI takes (whole frames, like ink-testing-library). */
  streams(): TuiStreams {
    return {
      stdout: this.stdout as unknown as NodeJS.WritableStream,
      stdin: this.stdin as unknown as NodeJS.ReadableStream,
      debug: true,
    };
  }

  write(data: string): void {
    this.#pending = data;
    this.stdin.emit("readable");
    this.stdin.emit("data", data);
  }

  lastFrame(): string {
    return this.frames.at(-1) ?? "";
  }

  /** Whether raw mode is off again (or was never turned on). */
  rawModeOff(): boolean {
    return this.rawModes.length === 0 || this.rawModes.at(-1) === false;
  }
}
