import { fileURLToPath as fromFileUrl } from "node:url";

/** The repository root (works from any clone location). */
export const ROOT = fromFileUrl(new URL("../../", import.meta.url));
export const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The signal that ended the process (a test killed it), else null. */
  signal?: Deno.Signal | null;
}

/**
 * Runs the real CLI as a launcher would: a separate process, no TTY on stdin (stdin is `input` or
 * closed), with a controlled environment.
 */
export async function runCliProcess(
  args: string[],
  opts: {
    env?: Record<string, string>;
    cwd?: string;
    input?: string;
    signal?: AbortSignal;
    /** Called with the started process (fault tests kill it, or its restic, at a chosen instant). */
    onSpawn?: (child: Deno.ChildProcess) => void;
  } = {},
): Promise<CliResult> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `--config=${ROOT}deno.json`, MAIN, ...args],
    // Not the checkout: a relative repository url in a test's sync.json must not land in the repo.
    cwd: opts.cwd ?? Deno.makeTempDirSync({ prefix: "is-cwd-" }),
    // Never the real home's config folder: one machine identity per simulated host (INSTANCE_SYNC_HOST).
    env: {
      NO_COLOR: "1",
      INSTANCE_SYNC_CONFIG_DIR: testConfigDir(opts.env?.INSTANCE_SYNC_HOST),
      ...opts.env,
    },
    clearEnv: false,
    stdin: opts.input !== undefined ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    signal: opts.signal,
  });
  const child = cmd.spawn();
  opts.onSpawn?.(child);
  if (opts.input !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.input));
    await w.close();
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    signal: out.signal,
  };
}

const configDirs = new Map<string, string>();

/**
 * The user config folder (machine id) of a simulated computer in this test process: one per host
 * name, so two "computers" told apart by INSTANCE_SYNC_HOST also have two machine ids.
 */
export function testConfigDir(host = ""): string {
  let dir = configDirs.get(host);
  if (!dir) configDirs.set(host, dir = Deno.makeTempDirSync({ prefix: "is-config-" }));
  return dir;
}

/** A snapshot of every file under `dir` (path → content), to prove that a command changed nothing. */
export async function treeSnapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(rel ? `${dir}/${rel}` : dir)) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) {
        result[p + "/"] = "";
        await walk(p);
      } else {
        const info = await Deno.lstat(`${dir}/${p}`);
        result[p] = e.isSymlink ? `-> ${await Deno.readLink(`${dir}/${p}`)}` : `${info.size}:${info.mode}:` +
          new TextDecoder().decode(await Deno.readFile(`${dir}/${p}`)).slice(0, 4096);
      }
    }
  };
  await walk("");
  return result;
}
