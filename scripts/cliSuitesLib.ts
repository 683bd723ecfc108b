/**
 * The parts of scripts/cli-suites.ts that tests check: which test files start the CLI, and the logging
 * wrapper that stands in for `$INSTANCE_SYNC_CLI`.
 */
import { join } from "node:path";
import { denoRunArgv, writeLauncher } from "../tests/helpers/program.ts";

/** The functions of tests/helpers/cli.ts that start the CLI. */
const CLI_STARTERS = ["runCliProcess", "spawnCli", "cliCommand"];

async function sourceFiles(dir: string, out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory && e.name !== "fixtures") await sourceFiles(path, out);
    else if (e.isFile && /\.tsx?$/.test(e.name)) out.push(path);
  }
  return out;
}

/** Whether `text` calls one of `names` (an identifier followed by `(`, or passed as `name)`/`name,`). */
function callsAny(text: string, names: Iterable<string>): boolean {
  for (const name of names) if (new RegExp(`\\b${name}\\s*\\(`).test(text)) return true;
  return false;
}

/**
 * The exported functions of a helper module that start the CLI: its text is cut at each top-level
 * `export`, and an exported function or const whose part calls a starter is one too (e.g. tmux's
 * `cliLine`). Approximate on purpose: a wrong guess shows up as a suite with no call, never silently.
 */
function exportedStarters(text: string, starters: Set<string>): string[] {
  const out: string[] = [];
  for (const part of text.split(/\n(?=export\s)/)) {
    const m = /^export\s+(?:async\s+)?(?:function\*?\s+|const\s+)(\w+)/.exec(part);
    if (m && !starters.has(m[1]) && callsAny(part, starters)) out.push(m[1]);
  }
  return out;
}

/** A test file that names the helpers without being an end-to-end suite says so with this marker. */
export const NOT_A_SUITE = "cli-suites: not an end-to-end suite";

/**
 * The test files (`*_test.ts[x]`) under `testsDir` that start the CLI through tests/helpers/cli.ts,
 * directly or through a function of a helper module that does (a suite may keep its runner in a file
 * of its own; tests/helpers/tmux.ts has `cliLine`). A file carrying the `NOT_A_SUITE` marker (with
 * its reason) is left out.
 */
export async function cliSuites(testsDir: string): Promise<string[]> {
  const files = await sourceFiles(testsDir);
  const texts = new Map<string, string>();
  for (const file of files) texts.set(file, await Deno.readTextFile(file));
  const isTest = (f: string) => /_test\.tsx?$/.test(f);
  const isCliHelper = (f: string) => f.replaceAll("\\", "/").endsWith("/helpers/cli.ts");
  const starters = new Set(CLI_STARTERS);
  for (let grew = true; grew;) {
    grew = false;
    for (const [file, text] of texts) {
      if (isTest(file) || isCliHelper(file)) continue;
      for (const name of exportedStarters(text, starters)) starters.add(name), grew = true;
    }
  }
  return files.filter((f) => {
    const text = texts.get(f)!;
    return isTest(f) && !text.includes(NOT_A_SUITE) && callsAny(text, starters);
  }).sort();
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
