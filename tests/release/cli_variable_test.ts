/**
 * `$INSTANCE_SYNC_CLI`: every test that starts the CLI takes the program from tests/helpers/cli.ts, and
 * scripts/cli-suites.ts proves it by running each such suite through a logging wrapper.
 *
 * cli-suites: not an end-to-end suite — it tests the helpers and starts its own program explicitly.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cliCommand, MAIN } from "../helpers/cli.ts";
import { denoRunArgv, launcherText, writeLauncher, writeTsProgram } from "../helpers/program.ts";
import { tempDir } from "../helpers/tmp.ts";
import {
  cliSuites,
  loggedCalls,
  NOT_A_SUITE,
  passedCount,
  writeLoggingCli,
} from "../../scripts/cliSuitesLib.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI_HELPER = join(ROOT, "tests", "helpers", "cli.ts");

Deno.test("cliCommand() runs $INSTANCE_SYNC_CLI when set, else deno run of cli/main.ts", () => {
  assert.deepEqual(cliCommand(["pull", "--json"], "/opt/instance-sync"), [
    "/opt/instance-sync",
    "pull",
    "--json",
  ]);
  const [deno, ...rest] = cliCommand(["pull"], "");
  assert.equal(deno, Deno.execPath());
  assert.deepEqual(rest.slice(0, 2), ["run", "-A"]);
  assert.deepEqual(rest.slice(-2), [MAIN, "pull"]);
});

Deno.test("the end-to-end suites are found, including the terminal and fault suites", async () => {
  const suites = (await cliSuites(join(ROOT, "tests"))).map((f) => relative(ROOT, f).replaceAll("\\", "/"));
  for (
    const s of [
      "tests/e2e/hooks_test.ts",
      "tests/e2e/tmux_cli_test.ts",
      "tests/cli/config_commands_test.ts",
      "tests/security/secrets_test.ts",
      "tests/corpus/bad_input_test.ts",
      "tests/e2e/tmux_browser_test.ts", // through cliLine() of tests/helpers/tmux.ts
    ]
  ) assert.ok(suites.includes(s), `${s} is not among ${suites.join(", ")}`);
  assert.ok(!suites.includes("tests/core/sync/unit_test.ts"), "core tests do not start the CLI");
  assert.ok(!suites.includes("tests/tui/tmux_test.ts"), "it uses tmux's inTerminal(), not the CLI");
});

Deno.test("a suite that starts the CLI through a helper module's function is found; other users of it are not", async () => {
  await using tmp = await tempDir();
  await Deno.writeTextFile(
    join(tmp.path, "runner.ts"),
    `export function inTerm(line: string) {}\nexport const go = (a: string[]) => runCliProcess(a);\n` +
      `export async function goTwice() {\n  await go([]);\n}\n`,
  );
  await Deno.writeTextFile(
    join(tmp.path, "a_test.ts"),
    `import { go } from "./runner.ts";\nawait go(["x"]);\n`,
  );
  await Deno.writeTextFile(
    join(tmp.path, "b_test.ts"),
    `import { inTerm } from "./runner.ts";\ninTerm("x");\n`,
  );
  await Deno.writeTextFile(
    join(tmp.path, "d_test.ts"),
    `import { goTwice } from "./runner.ts";\ngoTwice();\n`,
  );
  await Deno.writeTextFile(join(tmp.path, "c_test.ts"), `// ${NOT_A_SUITE}: a reason\nrunCliProcess([]);\n`);
  assert.deepEqual(await cliSuites(tmp.path), [join(tmp.path, "a_test.ts"), join(tmp.path, "d_test.ts")]);
});

Deno.test("no test or benchmark starts cli/main.ts except through tests/helpers/cli.ts", async () => {
  // Files that name cli/main.ts without starting it as the CLI under test, and why.
  const allowed: Record<string, string> = {
    "tests/release/compile_test.ts": "checks the arguments scripts/compile.ts hands to deno compile",
    "tests/release/cli_variable_test.ts": "this test",
    "tests/cli/window/selfCommand_test.ts":
      "main.ts is data there: how the program names its own command line",
    "tests/core/launchers/hookPlan_test.ts": "main.ts is data there: a deno command line a hook may name",
    "bench/scenario.ts": "measures `deno run` loading the module graph, on purpose not the program",
    "bench/bench.ts": "names the default program in the report",
    "bench/env.ts": "holds the path bench/scenario.ts loads with deno run",
    "tests/cli/lean_hook_test.ts": "reads the module graph of main.ts with deno info; runs nothing",
  };
  const offenders: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const path = join(dir, e.name);
      if (e.isDirectory && e.name !== "fixtures" && e.name !== ".work") await walk(path);
      else if (e.isFile && /\.tsx?$/.test(e.name) && path !== CLI_HELPER) {
        const rel = relative(ROOT, path).replaceAll("\\", "/");
        const text = await Deno.readTextFile(path);
        if (/cli\/main\.ts|"main\.ts"|\bMAIN\b/.test(text) && !(rel in allowed)) offenders.push(rel);
      }
    }
  };
  await walk(join(ROOT, "tests"));
  await walk(join(ROOT, "bench"));
  assert.deepEqual(offenders, [], "use cliCommand()/runCliProcess()/spawnCli() from tests/helpers/cli.ts");
});

Deno.test("the logging wrapper records each call and passes stdin, output and the exit code through", async () => {
  await using tmp = await tempDir();
  const target = await writeTsProgram(
    tmp.path,
    "target",
    `const input = await new Response(Deno.stdin.readable).text();
console.log("out:" + Deno.args.join("|") + ":" + input.trim());
console.error("err");
Deno.exit(Number(Deno.args[0]));
`,
  );
  const wrapper = await writeLoggingCli(tmp.path, [target]);
  const child = new Deno.Command(wrapper.path, {
    args: ["7", "with space", "--json"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode("me:pw\n"));
  await w.close();
  const out = await child.output();
  const d = new TextDecoder();
  assert.equal(out.code, 7);
  assert.equal(d.decode(out.stdout), "out:7|with space|--json:me:pw\n");
  assert.equal(d.decode(out.stderr), "err\n");
  const calls = await loggedCalls(wrapper.log);
  assert.deepEqual(calls.map((c) => c.args), [["7", "with space", "--json"]]);
});

Deno.test("passedCount() reads deno test's summary, coloured or not", () => {
  assert.equal(passedCount("...\nok | 3 passed | 0 failed | 2 ignored (5s)\n"), 3);
  assert.equal(passedCount("\x1b[0m\x1b[32mok\x1b[0m | 0 passed | 0 failed | 4 ignored\n"), 0);
  assert.equal(passedCount("FAILED | 1 passed | 1 failed (2s)"), 1);
  assert.equal(passedCount("error: Module not found"), null);
});

Deno.test("cli-suites fails a suite that starts the CLI without going through $INSTANCE_SYNC_CLI", async () => {
  await using tmp = await tempDir();
  const helper = JSON.stringify(CLI_HELPER);
  await Deno.writeTextFile(
    join(tmp.path, "honest_test.ts"),
    `import { runCliProcess } from ${helper};
Deno.test("version through the helper", async () => {
  const r = await runCliProcess(["--version"]);
  if (r.code !== 0) throw new Error(r.stderr);
});
`,
  );
  await Deno.writeTextFile(
    join(tmp.path, "bypass_test.ts"),
    `import { cliCommand } from ${helper};
Deno.test("version past the helper", async () => {
  const argv = cliCommand(["--version"], "");
  const r = await new Deno.Command(argv[0], { args: argv.slice(1), stdout: "null" }).output();
  if (r.code !== 0) throw new Error("exit " + r.code);
});
`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "scripts", "cli-suites.ts"), `--tests=${tmp.path}`, "--jobs=2"],
    cwd: ROOT,
    env: { INSTANCE_SYNC_CLI: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 1, text);
  assert.match(text, /1 calls .*honest_test\.ts: ok/);
  assert.match(text, /0 calls .*bypass_test\.ts: NEVER CALLED THE WRAPPER/);
  assert.match(text, /1 of 2 suites failed or bypassed/);
});

Deno.test("launchers: sh execs the last step; cmd checks each earlier step's exit code on a line of its own", () => {
  const steps = [["/x/deno", "run", "log's.ts"], ["C:\\Program Files\\restic.exe"]];
  assert.equal(
    launcherText(steps, false),
    `#!/bin/sh\n'/x/deno' 'run' 'log'\\''s.ts' "$@" </dev/null || exit $?\nexec 'C:\\Program Files\\restic.exe' "$@"\n`,
  );
  assert.deepEqual(launcherText(steps, true).split("\r\n"), [
    "@echo off",
    `"/x/deno" "run" "log's.ts" %* <NUL`,
    'if not "%ERRORLEVEL%"=="0" exit /b %ERRORLEVEL%',
    `"C:\\Program Files\\restic.exe" %*`,
    "exit /b %ERRORLEVEL%",
    "",
  ]);
});

Deno.test("a launcher stops at a failing first step with its exit code and never runs the last", async () => {
  await using tmp = await tempDir();
  const gate = join(tmp.path, "gate.ts");
  await Deno.writeTextFile(gate, `console.error("refused " + Deno.args.join(",")); Deno.exit(7);\n`);
  const never = await writeTsProgram(
    tmp.path,
    "never",
    `await Deno.writeTextFile(${JSON.stringify(join(tmp.path, "ran"))}, "");\n`,
  );
  const launcher = await writeLauncher(tmp.path, "gated", [denoRunArgv(gate), [never]]);
  const out = await new Deno.Command(launcher, { args: ["a", "b"], stdout: "piped", stderr: "piped" })
    .output();
  assert.equal(out.code, 7);
  assert.equal(new TextDecoder().decode(out.stderr), "refused a,b\n");
  assert.equal(await Deno.stat(join(tmp.path, "ran")).then(() => true, () => false), false);
});
