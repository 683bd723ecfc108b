import { fileURLToPath as fromFileUrl } from "node:url";
import type { CliContext } from "../../cli/context.ts";

/** The repository root (works from any clone location). */
export const ROOT = fromFileUrl(new URL("../../", import.meta.url));
export const MAIN = fromFileUrl(new URL("../../cli/main.ts", import.meta.url));

/**
 * The variable naming the program the tests run as the CLI: the path of an executable (a compiled
 * `dist/instance-sync[.exe]`, or a wrapper). Unset or empty: `deno run -A cli/main.ts`.
 */
export const CLI_VARIABLE = "INSTANCE_SYNC_CLI";

/**
 * The command line that runs the CLI with `args`: `[program, ...arguments]`. Every test that starts the
 * CLI gets it from here (or from `runCliProcess`), so `$INSTANCE_SYNC_CLI` reaches all of them.
 *
 * @example
 * const [cmd, ...rest] = cliCommand(["pull", "--json"]);
 * const child = new Deno.Command(cmd, { args: rest, stdin: "null" }).spawn();
 */
export function cliCommand(args: string[] = [], program = Deno.env.get(CLI_VARIABLE)): string[] {
  if (program) return [program, ...args];
  return [Deno.execPath(), "run", "-A", "--quiet", `--config=${ROOT}deno.json`, MAIN, ...args];
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
  signal?: AbortSignal;
}

/**
 * Starts the real CLI as a launcher would: a separate process, no TTY on stdin (stdin piped when
 * `input` is given, else closed), stdout and stderr piped, with a controlled environment. For tests that
 * must act while it runs; `runCliProcess` is the usual way.
 */
export function spawnCli(args: string[], opts: CliOptions = {}): Deno.ChildProcess {
  const [cmd, ...rest] = cliCommand(args);
  return new Deno.Command(cmd, {
    args: rest,
    // Not the checkout: a relative repository url in a test's sync.json must not land in the repo.
    cwd: opts.cwd ?? Deno.makeTempDirSync({ prefix: "is-cwd-" }),
    // Never the real home's config folder: one machine identity per simulated host (INSTANCE_SYNC_HOST).
    env: {
      NO_COLOR: "1",
      ...testUserDirs(opts.env?.INSTANCE_SYNC_HOST),
      ...opts.env,
    },
    clearEnv: false,
    stdin: opts.input !== undefined ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    signal: opts.signal,
  }).spawn();
}

/** Runs the real CLI (see `spawnCli`) to the end and returns its exit code and output. */
export async function runCliProcess(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, opts);
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

/** The per-user folders of a simulated host (machine id, cached master keys): never the real home's. */
export function testUserDirs(host = ""): Record<string, string> {
  return {
    INSTANCE_SYNC_CONFIG_DIR: testConfigDir(host),
    INSTANCE_SYNC_CACHE_DIR: `${testConfigDir(host)}/cache`,
  };
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

/** A CliContext for building the command surface in-process: no terminal, no environment, output dropped. */
export function silentContext(): CliContext {
  return {
    env: {},
    cwd: "/",
    stdinIsTerminal: false,
    stdoutIsTerminal: false,
    err: () => {},
    out: () => {},
    exitCode: 0,
  };
}
