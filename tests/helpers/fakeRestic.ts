/**
 * Fake restic executables, only for what the real one cannot do on demand (docs/testing.md#tiers): chosen exit
 * codes, stalls, garbage output, and a wrapper that records argv and environment before running the
 * real restic. TypeScript programs behind a generated launcher (tests/helpers/program.ts), so they run
 * the same way on Linux, macOS and Windows.
 */
import { join } from "node:path";
import type { ResticBinary } from "../../core/restic/binary.ts";
import { parseResticVersion } from "../../core/restic/version.ts";
import { denoRunArgv, writeLauncher, writeTsProgram } from "./program.ts";

/**
 * What a fake's `body` can use besides Deno's API: `args` (its argv), `out(line)` / `err(line)` (a
 * line to stdout / stderr, written in full), `write(stream, text)` (no newline added) and `sleep(ms)`.
 */
const PRELUDE = (version: string) =>
  `const args = Deno.args;
if (args[0] === "version") {
  console.log("restic ${version} compiled with go1.26 on linux/amd64");
  Deno.exit(0);
}
async function write(stream: typeof Deno.stdout, text: string | Uint8Array) {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let off = 0; off < bytes.length;) off += await stream.write(bytes.subarray(off));
}
const out = (line: string) => write(Deno.stdout, line + "\\n");
const err = (line: string) => write(Deno.stderr, line + "\\n");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
`;

/**
 * Writes a fake `restic` (a TypeScript program; `body` is its code after the `version` handling, see
 * PRELUDE for what it may use) into `dir`.
 *
 * @example
 * const bin = await writeFakeRestic(dir, `await err("Fatal: wrong password"); Deno.exit(12);`);
 */
export async function writeFakeRestic(dir: string, body: string, version = "0.19.1"): Promise<ResticBinary> {
  const path = await writeTsProgram(dir, "restic", `${PRELUDE(version)}${body}\n`);
  return { path, version: parseResticVersion(`restic ${version}`)! };
}

/**
 * A restic that first runs the TypeScript `logger` (given the log file's path and restic's arguments;
 * no stdin) and then becomes the real restic (`exec` on POSIX), so signals, output and exit codes are
 * restic's own.
 */
export async function writeLoggingRestic(
  dir: string,
  realRestic: string,
  logger: string,
  log: string,
  name = "restic",
): Promise<string> {
  const script = join(dir, `${name}-logger.ts`);
  await Deno.writeTextFile(script, logger);
  return await writeLauncher(dir, name, [denoRunArgv(script, [log]), [realRestic]]);
}

/**
 * A wrapper that appends its argv (one line per run, after the program's name) to `<dir>/argv.log`
 * and how many environment entries mention RESTIC_PASSWORD to `<dir>/env.log`, then runs the real
 * restic.
 */
export async function writeRecordingRestic(
  dir: string,
  realRestic: string,
): Promise<ResticBinary & { argvLog: string }> {
  const argvLog = join(dir, "argv.log");
  const path = await writeLoggingRestic(
    dir,
    realRestic,
    `const [log, ...args] = Deno.args;
await Deno.writeTextFile(log, ["restic", ...args].join(" ") + "\\n", { append: true });
const withPassword = Object.entries(Deno.env.toObject()).filter(([k, v]) => (k + "=" + v).includes("RESTIC_PASSWORD"));
await Deno.writeTextFile(${
      JSON.stringify(join(dir, "env.log"))
    }, withPassword.length + "\\n", { append: true });
`,
    argvLog,
  );
  const probe = await new Deno.Command(realRestic, { args: ["version"], stdout: "piped" }).output();
  return { path, version: parseResticVersion(new TextDecoder().decode(probe.stdout))!, argvLog };
}
