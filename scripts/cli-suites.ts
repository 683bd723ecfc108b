/**
 * Runs every test file that starts the CLI (the end-to-end suites) against one program, and proves that
 * each of them really ran it: `$INSTANCE_SYNC_CLI` points at a logging wrapper (a TypeScript program
 * behind a generated launcher, tests/helpers/program.ts) that records every call and then runs the
 * program. A suite that passes without a single call through the wrapper fails the run: it started the
 * CLI some other way, or not at all.
 *
 *   deno run -A scripts/cli-suites.ts                           # deno run -A cli/main.ts
 *   deno run -A scripts/cli-suites.ts --cli=dist/instance-sync  # a compiled binary
 *   deno run -A scripts/cli-suites.ts --list                    # the suites, one per line
 *   deno run -A scripts/cli-suites.ts --ignore-flag             # `--ignore=…` for the other tests
 *   deno run -A scripts/cli-suites.ts -- --filter conflict      # more `deno test` arguments
 *   deno run -A scripts/cli-suites.ts --tests=DIR               # suites under DIR, not tests/
 *   deno run -A scripts/cli-suites.ts --only=tests/e2e/         # suites whose path starts so
 *
 * Exit 0 when every suite passed and went through the wrapper; 1 otherwise; 2 for a bad argument.
 */
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cliSuites, loggedCalls, passedCount, writeLoggingCli } from "./cliSuitesLib.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function usage(message: string): never {
  console.error(`cli-suites: ${message}`);
  Deno.exit(2);
}

const args = [...Deno.args];
const dash = args.indexOf("--");
const testArgs = dash >= 0 ? args.splice(dash).slice(1) : [];
let cli = Deno.env.get("INSTANCE_SYNC_CLI") || undefined;
let jobs = Math.max(1, Math.min(4, navigator.hardwareConcurrency));
let mode: "run" | "list" | "ignore" = "run";
let testsDir = join(ROOT, "tests");
const only: string[] = [];
for (const a of args) {
  if (a.startsWith("--cli=")) cli = resolve(a.slice(6));
  else if (a.startsWith("--jobs=") && Number(a.slice(7)) >= 1) jobs = Number(a.slice(7));
  else if (a.startsWith("--tests=")) testsDir = resolve(a.slice(8));
  else if (a.startsWith("--only=")) only.push(a.slice(7).replaceAll("\\", "/"));
  else if (a === "--list") mode = "list";
  else if (a === "--ignore-flag") mode = "ignore";
  else usage(`unknown argument "${a}" (see the comment at the top of scripts/cli-suites.ts)`);
}
if (cli && !(await Deno.stat(cli).then((s) => s.isFile, () => false))) {
  usage(`--cli: "${cli}" is not a file`);
}

const suites = (await cliSuites(testsDir)).map((f) => relative(ROOT, f).replaceAll("\\", "/"))
  .filter((s) => only.length === 0 || only.some((prefix) => s.startsWith(prefix)));
if (suites.length === 0) {
  console.error(`cli-suites: no test file under "${testsDir}" starts the CLI through tests/helpers/cli.ts`);
  Deno.exit(1);
}
if (mode === "list") {
  console.log(suites.join("\n"));
  Deno.exit(0);
}
if (mode === "ignore") {
  console.log(`--ignore=${suites.join(",")}`);
  Deno.exit(0);
}

const target = cli ? [cli] : [
  Deno.execPath(),
  "run",
  "-A",
  "--quiet",
  `--config=${join(ROOT, "deno.json")}`,
  join(ROOT, "cli", "main.ts"),
];
console.error(
  `cli-suites: ${suites.length} suites against ${cli ?? "deno run -A cli/main.ts"}, ${jobs} at a time`,
);
const work = await Deno.makeTempDir({ prefix: "is-cli-suites-" });

interface Outcome {
  suite: string;
  code: number;
  calls: number;
  /** Tests that passed; 0 when all were ignored or filtered out (then no call is expected). */
  passed: number | null;
  seconds: number;
}

async function runSuite(suite: string, n: number): Promise<Outcome> {
  const dir = join(work, String(n));
  await Deno.mkdir(dir);
  const wrapper = await writeLoggingCli(dir, target);
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", ...testArgs, suite],
    cwd: ROOT,
    env: { INSTANCE_SYNC_CLI: wrapper.path },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  const report = d.decode(out.stdout) + d.decode(out.stderr);
  // One block per suite, so parallel suites do not interleave their reports.
  console.log(`\n== ${suite}\n${report}`);
  return {
    suite,
    code: out.code,
    calls: (await loggedCalls(wrapper.log)).length,
    passed: passedCount(report),
    seconds: (performance.now() - started) / 1000,
  };
}

const queue = suites.map((s, i) => [s, i] as const);
const outcomes: Outcome[] = [];
await Promise.all(Array.from({ length: jobs }, async () => {
  for (let next = queue.shift(); next; next = queue.shift()) outcomes.push(await runSuite(...next));
}));
await Deno.remove(work, { recursive: true }).catch(() => {});

outcomes.sort((a, b) => a.suite.localeCompare(b.suite));
let failed = 0;
console.log("\ncli-suites: calls through the INSTANCE_SYNC_CLI wrapper, per suite");
for (const o of outcomes) {
  const verdict = o.code !== 0
    ? "FAILED"
    : o.calls > 0
    ? "ok"
    : o.passed === 0
    ? "no test ran (all ignored or filtered out)"
    : "NEVER CALLED THE WRAPPER";
  if (verdict === "FAILED" || verdict.startsWith("NEVER")) failed++;
  console.log(
    `  ${String(o.calls).padStart(4)} calls  ${o.seconds.toFixed(0).padStart(4)}s  ${o.suite}: ${verdict}`,
  );
}
if (failed > 0) {
  console.error(`cli-suites: ${failed} of ${outcomes.length} suites failed or bypassed $INSTANCE_SYNC_CLI`);
  Deno.exit(1);
}
console.log(`cli-suites: all ${outcomes.length} suites passed, every one through $INSTANCE_SYNC_CLI`);
