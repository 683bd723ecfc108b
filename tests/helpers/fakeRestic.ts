/**
 * Fake restic executables, only for what the real one cannot do on demand (STYLE 7b): chosen exit
 * codes, stalls, garbage output, and a wrapper that records argv and environment before running the
 * real restic. POSIX shell scripts: these tests run on Linux and macOS.
 */
import { join } from "node:path";
import type { ResticBinary } from "../../core/restic/binary.ts";
import { parseResticVersion } from "../../core/restic/version.ts";

/** Writes an executable `restic` script into `dir` whose body follows `version` handling. */
export async function writeFakeRestic(dir: string, body: string, version = "0.19.1"): Promise<ResticBinary> {
  const path = join(dir, "restic");
  const script = [
    "#!/bin/sh",
    `if [ "$1" = "version" ]; then echo "restic ${version} compiled with go1.26 on linux/amd64"; exit 0; fi`,
    body,
    "",
  ].join("\n");
  await Deno.writeTextFile(path, script, { mode: 0o755 });
  await Deno.chmod(path, 0o755);
  return { path, version: parseResticVersion(`restic ${version}`)! };
}

/**
 * A wrapper that appends its argv (one line per run) to `<dir>/argv.log` and its environment to
 * `<dir>/env.log`, then runs the real restic.
 */
export async function writeRecordingRestic(
  dir: string,
  realRestic: string,
): Promise<ResticBinary & { argvLog: string }> {
  const argvLog = join(dir, "argv.log");
  const bin = await writeFakeRestic(
    dir,
    [
      `printf '%s\\n' "$0 $*" >> '${argvLog}'`,
      `env | grep -c RESTIC_PASSWORD >> '${join(dir, "env.log")}'`,
      `exec '${realRestic}' "$@"`,
    ].join("\n"),
  );
  return { ...bin, argvLog };
}
