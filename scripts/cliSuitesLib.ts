/**
 * The parts of scripts/cli-suites.ts that tests check: which test files start the CLI, and the logging
 * wrapper that stands in for `$INSTANCE_SYNC_CLI`.
 */
import { dirname, join, resolve } from "node:path";
import { denoRunArgv, writeLauncher } from "../tests/helpers/program.ts";

/** The functions of tests/helpers/cli.ts that start the CLI. */
const STARTS_CLI = /\b(runCliProcess|spawnCli|cliCommand)\s*\(/;
const RELATIVE_IMPORT = /\bfrom\s+"(\.{1,2}\/[^"]+)"|\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g;

async function sourceFiles(dir: string, out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory && e.name !== "fixtures") await sourceFiles(path, out);
    else if (e.isFile && /\.tsx?$/.test(e.name)) out.push(path);
  }
  return out;
}

/** A test file that names the helpers without being an end-to-end suite says so with this marker. */
export const NOT_A_SUITE = "cli-suites: not an end-to-end suite";

/**
 * The test files (`*_test.ts[x]`) under `testsDir` that start the CLI through tests/helpers/cli.ts,
 * directly or through a local module they import (a suite may keep its runner in a helper file).
 * A file carrying the `NOT_A_SUITE` marker (with its reason) is left out.
 */
export async function cliSuites(testsDir: string): Promise<string[]> {
  const files = await sourceFiles(testsDir);
  const calls = new Map<string, boolean>();
  const imports = new Map<string, string[]>();
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    const isHelper = file.replaceAll("\\", "/").endsWith("/helpers/cli.ts");
    calls.set(file, !isHelper && !text.includes(NOT_A_SUITE) && STARTS_CLI.test(text));
    imports.set(file, [...text.matchAll(RELATIVE_IMPORT)].map((m) => resolve(dirname(file), m[1] ?? m[2])));
  }
  const memo = new Map<string, boolean>();
  const startsCli = (file: string, seen = new Set<string>()): boolean => {
    if (memo.has(file)) return memo.get(file)!;
    if (seen.has(file)) return false;
    seen.add(file);
    const result = calls.get(file) === true || (imports.get(file) ?? []).some((f) => startsCli(f, seen));
    memo.set(file, result);
    return result;
  };
  const suites = files.filter((f) => /_test\.tsx?$/.test(f) && startsCli(f));
  const marked = await Promise.all(
    suites.map(async (f) => (await Deno.readTextFile(f)).includes(NOT_A_SUITE)),
  );
  return suites.filter((_, i) => !marked[i]).sort();
}

/** The program that logs one call: its arguments after the log file's path, as one JSON line. */
const LOGGER = `const [log, ...args] = Deno.args;
await Deno.writeTextFile(log, JSON.stringify({ args, cwd: Deno.cwd(), at: new Date().toISOString() }) + "\\n", {
  append: true,
});
`;

/**
 * Writes a wrapper into `dir` that appends each call's arguments to `<dir>/cli-calls.ndjson` and then
 * runs `target` (argv) with them — stdin, stdout, stderr and the exit code are the target's own.
 */
export async function writeLoggingCli(dir: string, target: string[]): Promise<{ path: string; log: string }> {
  const log = join(dir, "cli-calls.ndjson");
  const logger = join(dir, "log-call.ts");
  await Deno.writeTextFile(logger, LOGGER);
  const path = await writeLauncher(dir, "instance-sync", [denoRunArgv(logger, [log]), target]);
  return { path, log };
}

/** The calls a logging wrapper recorded (none when it never ran). */
export async function loggedCalls(log: string): Promise<{ args: string[]; cwd: string }[]> {
  const text = await Deno.readTextFile(log).catch(() => "");
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

/** The number of tests that passed, from `deno test`'s summary line (`ok | 3 passed | …`), or null. */
export function passedCount(output: string): number | null {
  // deno-lint-ignore no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  const m = /^(?:ok|FAILED) \| (\d+) passed/m.exec(plain);
  return m ? Number(m[1]) : null;
}
