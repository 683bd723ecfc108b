/**
 * Runs a hook command exactly as a launcher would: Prism/MultiMC replace `$INST_*` in the text and split
 * it with Qt's splitter (a port: core/launchers/commandLine.ts), ATLauncher replaces them and hands the
 * text to `/bin/sh -c`; the environment has the `INST_*` variables, the working folder is the game
 * folder, stdin is closed.
 */
import { qtSplitCommand } from "../../core/launchers/commandLine.ts";
import { testUserDirs } from "./cli.ts";

export interface LaunchEnv {
  name: string;
  instanceDir: string;
  gameDir: string;
}

export function instEnv(i: LaunchEnv): Record<string, string> {
  return {
    INST_NAME: i.name,
    INST_ID: i.instanceDir.split("/").pop()!,
    INST_DIR: i.instanceDir,
    INST_MC_DIR: i.gameDir,
    INST_JAVA: "/usr/bin/java",
    INST_JAVA_ARGS: "-Xmx2G",
  };
}

/** `$VAR` and `${VAR}` replaced from `vars` (unknown ones stay), as Prism's expandVariables does. */
export function substitute(command: string, vars: Record<string, string>): string {
  return command.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => vars[a ?? b] ?? m);
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs `command` of launcher `kind` for instance `i`, with `env` added to the test user folders. */
export async function runAsLauncher(
  kind: "prism" | "multimc" | "atlauncher",
  command: string,
  i: LaunchEnv,
  env: Record<string, string> = {},
): Promise<RunResult> {
  const vars = instEnv(i);
  const text = substitute(command, vars);
  const [program, ...args] = kind === "atlauncher" ? ["/bin/sh", "-c", text] : qtSplitCommand(text);
  const out = await new Deno.Command(program, {
    args,
    cwd: i.gameDir,
    env: { ...testUserDirs(), NO_COLOR: "1", ...vars, ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, output: dec.decode(out.stdout) + dec.decode(out.stderr) };
}
