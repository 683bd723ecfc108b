/**
 * Test stand-ins (fake restic, spies, wrappers) as TypeScript programs that start the same way on every
 * OS: the program is a `.ts` file run by this Deno, behind a generated launcher — a `.cmd` file on
 * Windows, a `#!/bin/sh` script elsewhere — so code under test spawns it like any executable. No test
 * writes shell code of its own.
 */
import { join } from "node:path";

const WINDOWS = Deno.build.os === "windows";

/** Flags for a stand-in: no type check, no config or lock file lookups, no "Download" noise. */
const RUN_FLAGS = ["run", "-A", "--no-check", "--no-config", "--no-lock", "--quiet"];

/** The argv that runs the TypeScript file `script` with this Deno. */
export function denoRunArgv(script: string, args: string[] = []): string[] {
  return [Deno.execPath(), ...RUN_FLAGS, script, ...args];
}

/** Quotes one word for the launcher's language (sh single quotes, or cmd double quotes). */
function quote(word: string, windows: boolean): string {
  if (windows) return `"${word.replaceAll('"', '""')}"`;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The text of a launcher that runs `steps` in order with the launcher's own arguments appended to each:
 * every step but the last gets no stdin and stops the launcher with its exit code when it fails; the last
 * one replaces the launcher (`exec`) on POSIX, so a signal sent to the launcher reaches that program.
 */
export function launcherText(steps: string[][], windows = WINDOWS): string {
  const line = (argv: string[]) => argv.map((w) => quote(w, windows)).join(" ");
  if (windows) {
    // %ERRORLEVEL% is expanded when a line is read, so each check is a line of its own after the step.
    const early = steps.slice(0, -1).flatMap((s) => [
      `${line(s)} %* <NUL`,
      'if not "%ERRORLEVEL%"=="0" exit /b %ERRORLEVEL%',
    ]);
    return ["@echo off", ...early, `${line(steps.at(-1)!)} %*`, "exit /b %ERRORLEVEL%", ""].join("\r\n");
  }
  const early = steps.slice(0, -1).map((s) => `${line(s)} "$@" </dev/null || exit $?`);
  return ["#!/bin/sh", ...early, `exec ${line(steps.at(-1)!)} "$@"`, ""].join("\n");
}

/** Writes a launcher (see `launcherText`) named `name` (`name.cmd` on Windows) into `dir`; returns its path. */
export async function writeLauncher(dir: string, name: string, steps: string[][]): Promise<string> {
  const path = join(dir, WINDOWS ? `${name}.cmd` : name);
  await Deno.writeTextFile(path, launcherText(steps));
  if (!WINDOWS) await Deno.chmod(path, 0o755);
  return path;
}

/**
 * Writes `source` as `<dir>/<name>.ts` and a launcher `<dir>/<name>[.cmd]` that runs it; returns the
 * launcher's path. The program sees its arguments in `Deno.args`.
 *
 * @example
 * const fake = await writeTsProgram(dir, "restic", `console.log("restic 0.19.1"); Deno.exit(0);`);
 */
export async function writeTsProgram(dir: string, name: string, source: string): Promise<string> {
  const script = join(dir, `${name}.ts`);
  await Deno.writeTextFile(script, source);
  return await writeLauncher(dir, name, [denoRunArgv(script)]);
}
