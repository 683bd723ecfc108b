/**
 * A harmless process that the OS lists as `java`, with the command line a launcher gives Minecraft:
 * this Deno, reached through a link (or copy) named `java`, sleeping in a tiny script, with any arguments (such
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
  if (!(await Deno.lstat(java).then(() => true, () => false))) await linkAsJava(java);
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

/**
 * Puts this Deno at `java`. The name a process gets is the executable's: Linux takes it from the path
 * exec'd (a symlink is enough), macOS from the file found at the end, so there a hard link (same volume)
 * or else a copy is needed.
 */
async function linkAsJava(java: string): Promise<void> {
  try {
    await Deno.link(Deno.execPath(), java);
  } catch {
    if (Deno.build.os === "linux") await Deno.symlink(Deno.execPath(), java);
    else await Deno.copyFile(Deno.execPath(), java);
  }
}
