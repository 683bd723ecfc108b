/** Process-level things a command needs; passed in so tests can run commands in-process. */
export interface CliContext {
  env: Record<string, string | undefined>;
  cwd: string;
  stdinIsTerminal: boolean;
  stdoutIsTerminal: boolean;
  /** Human lines (stderr). */
  err: (line: string) => void;
  /** Results and NDJSON (stdout). */
  out: (line: string) => void;
  /** Set by a command to the exit code it wants (default 0). */
  exitCode: number;
  /** Called with the error that ends the run (the `--json` front end turns it into an event). */
  onError?: (error: Error) => void;
}
