import { join } from "node:path";
import { testResticPath } from "./tools.ts";

/**
 * A wrapper around the real restic that appends each invocation's argv (and whether a password was
 * in its environment) to a log, so tests can prove restic was not started, or saw no secret on argv.
 */
export async function resticSpy(dir: string): Promise<{ path: string; calls(): Promise<string[]> }> {
  const log = join(dir, "restic-calls.log");
  const path = join(dir, "restic-spy");
  await Deno.writeTextFile(
    path,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${testResticPath()}' "$@"\n`,
    { mode: 0o755 },
  );
  await Deno.chmod(path, 0o755);
  return {
    path,
    calls: async () => {
      try {
        return (await Deno.readTextFile(log)).split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}
