/**
 * A harmless process that the OS lists as `java`, with the command line a launcher gives Minecraft:
 * this Deno, reached through a link named `java`, sleeping in a tiny script, with any arguments (such
 * as `--gameDir <pack>`). POSIX only: on Windows the process name comes from the .exe file itself, and
 * copying Deno to `java.exe` for every test costs more than the guard's Windows logic, which is tested
 * on captured output instead.
 */
import { join } from "node:path";

export const FAKE_JAVA_POSIX_ONLY =
  "POSIX-only: on Windows a process is named by its .exe, and the Windows probe is tested on captured output";

/** A running fake java; disposing kills it and waits. */
export interface FakeJava extends AsyncDisposable {
  child: Deno.ChildProcess;
  pid: number;
}

/** Starts `java <args>` in `cwd` (the link and script live in `dir`); it needs a moment to exec. */
export async function startFakeJava(dir: string, cwd: string, args: string[] = []): Promise<FakeJava> {
  const bin = join(dir, "java-bin");
  await Deno.mkdir(bin, { recursive: true });
  const java = join(bin, "java");
  await Deno.symlink(Deno.execPath(), java).catch((e) => {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  });
  const script = join(bin, "sleep.ts");
  await Deno.writeTextFile(script, "setTimeout(() => {}, 120_000);\n");
  const child = new Deno.Command(java, {
    args: ["run", "--no-config", "--no-lock", "--no-check", "--quiet", script, ...args],
    cwd,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  return {
    child,
    pid: child.pid,
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
      await child.status;
    },
  };
}
