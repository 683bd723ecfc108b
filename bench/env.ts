/**
 * How the benchmark runs the two sides: our CLI exactly as a launcher hook would (`deno run` of
 * cli/main.ts, or `$INSTANCE_SYNC_CLI`; no TTY, a machine name, restic through the logging wrapper),
 * and bare restic with the repository and password in its environment. Both share one `RESTIC_CACHE_DIR`.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { V8_FLAGS } from "../scripts/compile.ts";
import { type RunResult, timed } from "./measure.ts";
import { type ResticCall, takeCalls } from "./resticSpy.ts";
import { cliCommand } from "../tests/helpers/cli.ts";
import { derivedPasswordOf } from "../tests/helpers/derived.ts";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const MAIN = join(REPO_ROOT, "cli", "main.ts");
export const EMPTY = join(REPO_ROOT, "bench", "empty.ts");
export const FLOOR = join(REPO_ROOT, "bench", "floor.ts");
export const ZOD = join(REPO_ROOT, "bench", "zod.ts");

export interface Ours extends RunResult {
  calls: ResticCall[];
}

export interface Sides {
  /** Runs our CLI as machine `host`; checks the exit code and, when given, the headless message. */
  ours(host: string, args: string[], expect?: RegExp, input?: string): Promise<Ours>;
  /** Runs bare restic against the instance's repository (`env`: added to its environment). */
  bare(args: string[], cwd?: string, env?: Record<string, string>): Promise<RunResult>;
  /** Runs restic through the logging wrapper (to measure the wrapper's own cost). */
  spy(args: string[]): Promise<RunResult>;
  /** `deno run` of any script with our flags (the empty-run baselines and the floor). */
  deno(args: string[], env?: Record<string, string>): Promise<RunResult>;
}

export interface SideConfig {
  work: string;
  spy: string;
  restic: string;
  cacheDir: string;
  /** `rest:http://user:pw@host/user/<instance>/` once known. */
  repository: () => string;
  password: string;
}

export function sides(c: SideConfig): Sides {
  const log = join(c.work, "restic-calls.log");
  return {
    async ours(host, args, expect, input) {
      await takeCalls(log); // start clean
      // $INSTANCE_SYNC_CLI (e.g. a compiled binary) when set, else `deno run` of cli/main.ts.
      const [cmd, ...rest] = cliCommand(args);
      const r = await timed({
        cmd,
        // Under `deno run`, the compiled binary's V8 flags, so memory is measured as shipped.
        args: rest[0] === "run" && cmd === Deno.execPath() ? ["run", V8_FLAGS, ...rest.slice(1)] : rest,
        cwd: REPO_ROOT,
        env: {
          NO_COLOR: "1",
          INSTANCE_SYNC_HOST: host,
          // Each simulated machine keeps its machine id here, never in the real home.
          INSTANCE_SYNC_CONFIG_DIR: join(c.work, `config-${host}`),
          INSTANCE_SYNC_RESTIC: c.spy,
          RESTIC_CACHE_DIR: c.cacheDir,
          BENCH_RESTIC_LOG: log,
          // Each machine's own user cache folder (the cached master key), kept inside the work folder.
          INSTANCE_SYNC_CACHE_DIR: join(c.work, "user-cache", host),
        },
        input,
      });
      const calls = await takeCalls(log);
      if (expect && !expect.test(r.stderr)) {
        throw new Error(`instance-sync ${args.join(" ")}: expected ${expect}, got:\n${r.stderr}`);
      }
      return { ...r, calls };
    },
    bare(args, cwd, env) {
      return timed({
        cmd: c.restic,
        args,
        cwd,
        env: {
          RESTIC_REPOSITORY: c.repository(),
          // The repository was made by instance-sync: its password is the one derived from the token's.
          RESTIC_PASSWORD: derivedPasswordOf(c.password),
          RESTIC_CACHE_DIR: c.cacheDir,
          RESTIC_PROGRESS_FPS: "2",
          ...env,
        },
      });
    },
    spy(args) {
      return timed({ cmd: c.spy, args, env: { BENCH_RESTIC_LOG: join(c.work, "spy-self.log") } });
    },
    deno(args, env) {
      return timed({
        cmd: Deno.execPath(),
        args: ["run", "-A", "--quiet", V8_FLAGS, ...args],
        cwd: REPO_ROOT,
        env,
      });
    },
  };
}

/** The snapshot id in a `restic backup --json` summary line. */
export function snapshotIdOf(stdout: string): string {
  for (const line of stdout.split("\n")) {
    if (!line.includes('"summary"')) continue;
    const id = JSON.parse(line).snapshot_id;
    if (typeof id === "string") return id;
  }
  throw new Error(`restic backup printed no snapshot id:\n${stdout.slice(-2000)}`);
}
