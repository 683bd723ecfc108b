/**
 * rclone for the `rclone:` location tests: Debian's rclone, which restic starts as
 * `rclone serve restic --stdio`. A "cloud drive" here is a real WebDAV server (`rclone serve webdav` on
 * 127.0.0.1, serving a temp folder) named as a remote in a temp rclone configuration: put
 * `RCLONE_CONFIG` in restic's environment and the location is `rclone:<remote>:<folder>`.
 */
import { join } from "node:path";
import { freePort } from "./restServer.ts";

/** The rclone on PATH, or null. */
export function rclonePath(): string | null {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":").filter(Boolean)) {
    try {
      if (Deno.statSync(join(dir, "rclone")).isFile) return join(dir, "rclone");
    } catch {
      // next
    }
  }
  return null;
}

/** Why the rclone tests cannot run here, or null. */
export function rcloneMissing(): string | null {
  return rclonePath() ? null : "rclone is not installed (Debian: rclone)";
}

export interface WebdavDrive {
  /** The remote's name in `config`. */
  remote: string;
  /** A temp rclone configuration naming the remote (give it to restic as `RCLONE_CONFIG`). */
  config: string;
  /** The folder the server serves. */
  dataDir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Serves a temp folder over WebDAV on 127.0.0.1 and writes a configuration naming it `remote`. */
export async function startWebdavDrive(remote = "cloud"): Promise<WebdavDrive> {
  const dir = await Deno.makeTempDir({ prefix: "is-rclone-" });
  const dataDir = join(dir, "drive");
  await Deno.mkdir(dataDir);
  const port = freePort();
  const config = join(dir, "rclone.conf");
  await Deno.writeTextFile(
    config,
    `[${remote}]\ntype = webdav\nurl = http://127.0.0.1:${port}/\nvendor = other\n`,
    { mode: 0o600 },
  );
  let child: Deno.ChildProcess | null = null;
  const start = async () => {
    child = new Deno.Command(rclonePath()!, {
      // No directory cache: tests change the served folder behind the server's back (a removed repository),
      // and a cached listing would name files that are gone.
      args: [
        ...["serve", "webdav", dataDir, "--addr", `127.0.0.1:${port}`, "--config", "/dev/null"],
        ...["--dir-cache-time", "0s"],
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const errText = new Response(child.stderr).text();
    const deadline = Date.now() + 10_000;
    while (true) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
        await res.body?.cancel();
        return;
      } catch {
        const exited = await Promise.race([child.status.then(() => true), delay(50).then(() => false)]);
        if (exited) throw new Error(`rclone serve webdav exited at start: ${await errText}`);
        if (Date.now() > deadline) throw new Error(`rclone serve webdav did not answer within 10 s`);
      }
    }
  };
  const halt = async () => {
    const c = child as Deno.ChildProcess | null;
    if (!c) return;
    child = null;
    try {
      c.kill("SIGTERM");
    } catch {
      // already gone
    }
    await c.status;
    await c.stderr.cancel().catch(() => {});
  };
  await start();
  return {
    remote,
    config,
    dataDir,
    stop: halt,
    restart: async () => {
      await halt();
      await start();
    },
    async [Symbol.asyncDispose]() {
      await halt();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
