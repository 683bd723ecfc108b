import { join } from "node:path";
import { writeLoggingRestic } from "./fakeRestic.ts";
import { testResticPath } from "./tools.ts";

/**
 * A wrapper around the real restic that appends each invocation's argv to a log, so tests can prove
 * restic was not started, or saw no secret on argv. Portable: a TypeScript logger behind a generated
 * launcher (tests/helpers/program.ts).
 */
export async function resticSpy(dir: string): Promise<{ path: string; calls(): Promise<string[]> }> {
  const log = join(dir, "restic-calls.log");
  const path = await writeLoggingRestic(
    dir,
    testResticPath(),
    `const [log, ...args] = Deno.args;
await Deno.writeTextFile(log, args.join(" ") + "\\n", { append: true });
`,
    log,
    "restic-spy",
  );
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
