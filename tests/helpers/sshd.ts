/**
 * A real OpenSSH server on 127.0.0.1 for the `sftp:` location tests, run unprivileged-style: its own
 * temp host key, config, pid file and port, key-only login for the current user, the sftp subsystem.
 *
 * restic's sftp backend starts `ssh` itself, and OpenSSH reads `~/.ssh/config` from the passwd entry's
 * home, not `$HOME`: so the client side is a folder holding an `ssh` launcher that runs the real
 * `/usr/bin/ssh -F <temp config>`. Put `binDir` first on restic's PATH; the config names the host alias
 * `sftp-test` (port, key, a temp known_hosts), so the location is `sftp:sftp-test:/<folder>`.
 */
import { join } from "node:path";
import { freePort } from "./restServer.ts";

const SSHD_CANDIDATES = ["/usr/sbin/sshd", "/usr/bin/sshd"];
const SFTP_SERVER_CANDIDATES = ["/usr/lib/openssh/sftp-server", "/usr/libexec/openssh/sftp-server"];

function firstFile(paths: string[]): string | null {
  for (const p of paths) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch {
      // next
    }
  }
  return null;
}

function onPath(name: string): string | null {
  return firstFile((Deno.env.get("PATH") ?? "").split(":").filter(Boolean).map((d) => join(d, name)));
}

/** Why the sftp tests cannot run here, or null when sshd, ssh, ssh-keygen and sftp-server are present. */
export function sshdMissing(): string | null {
  if (Deno.build.os === "windows") return "the sftp tests start an OpenSSH server, a POSIX setup";
  if (!firstFile(SSHD_CANDIDATES)) return "sshd is not installed (Debian: openssh-server)";
  if (!firstFile(SFTP_SERVER_CANDIDATES)) return "sftp-server is not installed (Debian: openssh-server)";
  if (!onPath("ssh") || !onPath("ssh-keygen")) return "ssh is not installed (Debian: openssh-client)";
  return null;
}

export interface Sshd {
  port: number;
  /** Host alias in the client config. */
  host: string;
  /** A folder with an `ssh` launcher that uses the temp config: put it first on restic's PATH. */
  binDir: string;
  /** The folder the tests put repositories in (absolute, on this machine). */
  dataDir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

async function run(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdin: "null", stdout: "null", stderr: "piped" }).output();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
}

/** Starts sshd on a free port of 127.0.0.1 and waits until it accepts connections. */
export async function startSshd(): Promise<Sshd> {
  const dir = await Deno.makeTempDir({ prefix: "is-sshd-" });
  const dataDir = join(dir, "data");
  const binDir = join(dir, "bin");
  await Deno.mkdir(dataDir);
  await Deno.mkdir(binDir);
  const keygen = onPath("ssh-keygen")!;
  await run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "host_key")]);
  await run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "client_key")]);
  await Deno.copyFile(join(dir, "client_key.pub"), join(dir, "authorized_keys"));
  await Deno.chmod(join(dir, "authorized_keys"), 0o600);
  const port = freePort();
  const user = Deno.env.get("USER") || Deno.env.get("LOGNAME") || "root";
  await Deno.writeTextFile(
    join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_key")}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      `Subsystem sftp ${firstFile(SFTP_SERVER_CANDIDATES)}`,
      "",
    ].join("\n"),
  );
  await Deno.writeTextFile(
    join(dir, "ssh_config"),
    [
      "Host sftp-test",
      "  HostName 127.0.0.1",
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${join(dir, "client_key")}`,
      "  IdentitiesOnly yes",
      "  BatchMode yes",
      "  StrictHostKeyChecking accept-new",
      `  UserKnownHostsFile ${join(dir, "known_hosts")}`,
      "  ConnectTimeout 5",
      "",
    ].join("\n"),
  );
  await Deno.writeTextFile(
    join(binDir, "ssh"),
    `#!/bin/sh\nexec ${onPath("ssh")} -F ${join(dir, "ssh_config")} "$@"\n`,
    { mode: 0o755 },
  );

  // sshd started by root insists on its privilege-separation folder, which Debian's service unit makes at
  // boot (RuntimeDirectory=sshd); a machine where the service never ran lacks it. Run as another user,
  // sshd does not need it.
  if (Deno.uid() === 0) await Deno.mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  let child: Deno.ChildProcess | null = null;
  const start = async () => {
    // -D: stay in the foreground (our child); -e: log to stderr.
    child = new Deno.Command(firstFile(SSHD_CANDIDATES)!, {
      args: ["-D", "-e", "-f", join(dir, "sshd_config")],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const errText = new Response(child.stderr).text();
    const deadline = Date.now() + 10_000;
    while (true) {
      try {
        (await Deno.connect({ hostname: "127.0.0.1", port })).close();
        return;
      } catch {
        const exited = await Promise.race([child.status.then(() => true), delay(50).then(() => false)]);
        if (exited) throw new Error(`sshd exited at start: ${await errText}`);
        if (Date.now() > deadline) throw new Error(`sshd did not listen on port ${port} within 10 s`);
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
    port,
    host: "sftp-test",
    binDir,
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
