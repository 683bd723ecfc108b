/**
 * A real desktop for the window tests: a private Xvfb display, with xdotool to find windows, type
 * keys and close them. `xToolsMissing()` says why the tests cannot run here (macOS, Windows, or a
 * Linux without the Debian packages `xvfb`, `xterm`, `xdotool` that `scripts/install-tools.sh` adds).
 */

function onPath(name: string): boolean {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (dir && Deno.statSync(`${dir}/${name}`).isFile) return true;
    } catch { /* next */ }
  }
  return false;
}

/** Null when Xvfb, xterm and xdotool are all here, else the reason to print when ignoring a test. */
export function xToolsMissing(): string | null {
  if (Deno.build.os !== "linux") return `window tests run under Xvfb on Linux, not on ${Deno.build.os}`;
  const missing = ["Xvfb", "xterm", "xdotool"].filter((t) => !onPath(t));
  return missing.length
    ? `${
      missing.join(", ")
    } not installed (Debian: xvfb xterm xdotool; scripts/install-tools.sh installs them)`
    : null;
}

export interface Desktop {
  /** The `DISPLAY` value, e.g. ":93". */
  display: string;
  /** Ids of the visible windows whose title contains `name`. */
  windows(name: string): Promise<string[]>;
  /** Waits for a window titled with `name` and returns its id. */
  waitForWindow(name: string, timeoutMs?: number): Promise<string>;
  /** Focuses `window` and types `keys` (xdotool key names: Return, Down, Escape). */
  keys(window: string, ...keys: string[]): Promise<void>;
  /** Closes the window the hard way (its X connection is cut, as when the player closes it). */
  kill(window: string): Promise<void>;
  /** The pid of the program that owns `window` (_NET_WM_PID). */
  pid(window: string): Promise<number>;
}

/** Starts Xvfb on a free display, hands it to `fn`, and always stops it. */
export async function withDesktop<T>(fn: (d: Desktop) => Promise<T>): Promise<T> {
  const server = new Deno.Command("Xvfb", {
    args: ["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("Xvfb exited before it announced its display");
      text += value;
    }
    reader.releaseLock();
    const display = `:${text.trim()}`;
    const xdo = async (...args: string[]) => {
      const out = await new Deno.Command("xdotool", {
        args,
        env: { DISPLAY: display },
        stdout: "piped",
        stderr: "piped",
      })
        .output();
      return { ok: out.success, text: new TextDecoder().decode(out.stdout).trim() };
    };
    const desktop: Desktop = {
      display,
      windows: async (name) => {
        const r = await xdo("search", "--onlyvisible", "--name", name);
        return r.ok ? r.text.split("\n").filter(Boolean) : [];
      },
      waitForWindow: async (name, timeoutMs = 60_000) => {
        const end = Date.now() + timeoutMs;
        while (Date.now() < end) {
          const [w] = await desktop.windows(name);
          if (w) return w;
          await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error(`No window titled "${name}" appeared within ${timeoutMs} ms`);
      },
      keys: async (window, ...keys) => {
        await xdo("windowfocus", "--sync", window);
        const r = await xdo("key", "--delay", "150", ...keys);
        if (!r.ok) throw new Error(`xdotool key ${keys.join(" ")} failed`);
      },
      kill: async (window) => {
        await xdo("windowkill", window);
      },
      pid: async (window) => Number((await xdo("getwindowpid", window)).text),
    };
    return await fn(desktop);
  } finally {
    try {
      server.kill("SIGTERM");
    } catch { /* gone */ }
    await server.stdout.cancel().catch(() => {});
    await server.status;
  }
}
