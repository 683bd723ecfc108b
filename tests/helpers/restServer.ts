/**
 * A real rest-server on 127.0.0.1 for integration tests, run like production:
 * `--append-only --private-repos` with an htpasswd file of test users.
 *
 * htpasswd format: rest-server 0.14 checks bcrypt (`$2a$`/`$2b$`/`$2y$`) and `{SHA}` (base64 of SHA-1)
 * entries; it does not know Apache's `$apr1$` MD5. No bcrypt tool is installed here and tests must not
 * need the network, so users are written as `{SHA}` entries computed with WebCrypto — weak, and fine
 * for throwaway test passwords on loopback.
 */
import { join } from "node:path";
import { testRestServerPath } from "./tools.ts";

export interface RestServerOptions {
  /** user → password. */
  users: Record<string, string>;
  /** Reuse a data folder (restart after `stop()`); default: a new temp folder, removed by `stop()`. */
  dataDir?: string;
  /** Reuse a port (restart); default: a free one. */
  port?: number;
  /** Default true. */
  appendOnly?: boolean;
  /** Default true. */
  privateRepos?: boolean;
}

export interface RestServer {
  /** `http://127.0.0.1:PORT` (no trailing slash, no credentials). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (SIGTERM) and waits for it. The data folder stays. */
  stop(): Promise<void>;
  /** Stops the server at once (SIGKILL) and waits for it. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder (after stop/kill). */
  restart(): Promise<void>;
  /** Stops the server and removes the data folder when this helper created it. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts rest-server and waits until it answers HTTP. */
export async function startRestServer(opts: RestServerOptions): Promise<RestServer> {
  const ownData = !opts.dataDir;
  const dataDir = opts.dataDir ?? await Deno.makeTempDir({ prefix: "rest-server-" });
  const port = opts.port ?? freePort();
  const htpasswd = join(dataDir, ".htpasswd");
  await Deno.writeTextFile(htpasswd, await htpasswdText(opts.users), { mode: 0o600 });
  const args = ["--listen", `127.0.0.1:${port}`, "--path", dataDir, "--htpasswd-file", htpasswd];
  if (opts.appendOnly ?? true) args.push("--append-only");
  if (opts.privateRepos ?? true) args.push("--private-repos");
  const url = `http://127.0.0.1:${port}`;
  let child: Deno.ChildProcess | null = null;

  const start = async () => {
    child = new Deno.Command(testRestServerPath(), { args, stdin: "null", stdout: "null", stderr: "piped" })
      .spawn();
    const errText = new Response(child.stderr).text();
    const deadline = Date.now() + 10_000;
    while (true) {
      try {
        const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
        await res.body?.cancel();
        return;
      } catch {
        const exited = await Promise.race([child.status.then(() => true), delay(50).then(() => false)]);
        if (exited) throw new Error(`rest-server exited at start: ${await errText}`);
        if (Date.now() > deadline) throw new Error(`rest-server did not answer on ${url} within 10 s`);
      }
    }
  };
  const halt = async (signal: Deno.Signal) => {
    const c = child as Deno.ChildProcess | null;
    if (!c) return;
    child = null;
    try {
      c.kill(signal);
    } catch {
      // already gone
    }
    await c.status;
    await c.stderr.cancel().catch(() => {});
  };

  await start();
  return {
    url,
    port,
    dataDir,
    stop: () => halt("SIGTERM"),
    kill: () => halt("SIGKILL"),
    restart: async () => {
      await halt("SIGTERM");
      await start();
    },
    async [Symbol.asyncDispose]() {
      await halt("SIGKILL");
      if (ownData) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}

/** `user:{SHA}base64(sha1(password))` lines. */
export async function htpasswdText(users: Record<string, string>): Promise<string> {
  const lines: string[] = [];
  for (const [user, password] of Object.entries(users)) {
    const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(password));
    lines.push(`${user}:{SHA}${btoa(String.fromCharCode(...new Uint8Array(digest)))}`);
  }
  return lines.join("\n") + "\n";
}

/** A port that was free a moment ago (bind to 0, read it, release it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
