import { join } from "node:path";
import { writeLoggingRestic } from "./fakeRestic.ts";
import { testResticPath } from "./tools.ts";

/**
 * A wrapper around the real restic that appends each invocation's argv to a log, so tests can prove
 * restic was not started, or saw no secret on argv; and, line by line in a second log, the key it was
 * told to open (`RESTIC_KEY_HINT`, "-" for none: the token's). Portable: a TypeScript logger behind a
 * generated launcher (tests/helpers/program.ts).
 */
export async function resticSpy(
  dir: string,
): Promise<{ path: string; calls(): Promise<string[]>; keyHints(): Promise<string[]> }> {
  const log = join(dir, "restic-calls.log");
  const hints = join(dir, "restic-key-hints.log");
  const path = await writeLoggingRestic(
    dir,
    testResticPath(),
    `const [log, ...args] = Deno.args;
await Deno.writeTextFile(log, args.join(" ") + "\\n", { append: true });
await Deno.writeTextFile(${
      JSON.stringify(hints)
    }, (Deno.env.get("RESTIC_KEY_HINT") || "-") + "\\n", { append: true });
`,
    log,
    "restic-spy",
  );
  const lines = async (file: string) => {
    try {
      return (await Deno.readTextFile(file)).split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  return { path, calls: () => lines(log), keyHints: () => lines(hints) };
}
