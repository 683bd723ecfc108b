/**
 * The full CLI: parse, run, and turn every error into one line and an exit code. `cli/main.ts` loads
 * it after the hook gate; `main.ts` is the only place that calls `Deno.exit` (docs/architecture.md#code-rules).
 */
import { CommanderError } from "@commander-js/extra-typings";
import { ExitCode } from "../core/errors.ts";
import { reportFailure } from "./failure.ts";
import { processContext } from "./processContext.ts";
import { buildProgram, type CliContext } from "./program.ts";

/** Runs the CLI with `args` and returns the exit code (tests call this in-process). */
export async function runCli(args: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    // No command, a person at a terminal: the home screen. Otherwise (a pipe, a launcher) the help.
    if (args.length === 0 && ctx.stdinIsTerminal && ctx.stdoutIsTerminal && !ctx.env.INSTANCE_SYNC_NO_TUI) {
      await (await import("./commands/home.ts")).runHome(ctx);
      return ctx.exitCode;
    }
    await program.parseAsync(args, { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version "errors" are successful exits
      return e.exitCode === 0 ? 0 : ExitCode.usage;
    }
    return reportFailure(e, ctx);
  }
}

/** Runs the CLI on the real process: streams, environment, colors. Returns the exit code. */
export async function runProcess(args: string[]): Promise<number> {
  return await runCli(args, processContext(args));
}
