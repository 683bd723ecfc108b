import { cliCommand, testUserDirs } from "./cli.ts";

/**
 * Drives a program in a real terminal: a private tmux server at 80x24 runs a shell command line;
 * keys go in with `send-keys`, the screen comes out with `capture-pane -p`.
 */
async function tmux(socket: string, ...args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("tmux", { args: ["-L", socket, ...args], stdout: "piped", stderr: "piped" })
      .output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error("tmux is not installed: real-terminal tests need it (e.g. `apt-get install tmux`)");
    }
    throw e;
  }
  if (!out.success) throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

export interface Terminal {
  /** Sends keys; "Down Enter" is one `send-keys` call, so both reach the program in one burst. */
  keys(...keys: string[]): Promise<void>;
  /** Waits until the screen shows `text` and returns the screen. */
  screenWith(text: string, timeoutMs?: number): Promise<string>;
  /** Whether the terminal's cursor is visible (a UI that exits must show it again). */
  cursorVisible(): Promise<boolean>;
}

/** Single-quotes a word for `sh -c`. */
export const shq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** A shell line that runs the CLI with `args` and `env`, then prints `EXIT=<code>`. */
export function cliLine(args: string[], env: Record<string, string>): string {
  // Never the real home's config folder (machine id): one per simulated host, as runCliProcess does.
  env = { ...testUserDirs(env.INSTANCE_SYNC_HOST), ...env };
  const vars = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`).join(" ");
  const cmd = cliCommand(args).map(shq).join(" "); // $INSTANCE_SYNC_CLI when set
  return `env ${vars} ${cmd}; echo "EXIT=$?"`;
}

/** Runs `commandLine` (sh syntax) in tmux and hands the terminal to `drive`; the server is always killed. */
export async function inTerminal(commandLine: string, drive: (t: Terminal) => Promise<void>): Promise<void> {
  const socket = `instance-sync-e2e-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  let screen = "";
  try {
    await tmux(
      socket,
      "new-session",
      "-d",
      "-s",
      "t",
      "-x",
      "80",
      "-y",
      "24",
      "sh",
      "-c",
      `${commandLine}; sleep 600`,
    );
    const screenWith = async (text: string, timeoutMs = 60_000) => {
      const end = Date.now() + timeoutMs;
      while (!(screen = await tmux(socket, "capture-pane", "-p", "-t", "t")).includes(text)) {
        if (Date.now() > end) {
          throw new Error(`Timed out waiting for ${JSON.stringify(text)} on screen:\n${screen}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return screen;
    };
    const keys = async (...k: string[]) => {
      for (const key of k) {
        await tmux(socket, "send-keys", "-t", "t", ...key.split(" "));
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    const cursorVisible = async () =>
      (await tmux(socket, "display-message", "-p", "-t", "t", "#{cursor_flag}")).trim() === "1";
    await drive({ keys, screenWith, cursorVisible });
  } finally {
    await tmux(socket, "kill-server").catch(() => {});
  }
}
