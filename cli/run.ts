/**
 * The full CLI: parse, run, and turn every error into one line and an exit code. `cli/main.ts` loads
 * it after the hook gate; `main.ts` is the only place that calls `Deno.exit` (STYLE 5).
 */
import { CommanderError } from "@commander-js/extra-typings";
import { ExitCode, SyncError } from "../core/errors.ts";
import { redact } from "../core/redact.ts";
import { buildProgram, type CliContext } from "./program.ts";
import { disableChalkColors, useColor } from "./ui/color.ts";
import { stderrSink, stdoutSink } from "./ui/headless.ts";

/** Runs the CLI with `args` and returns the exit code (tests call this in-process). */
export async function runCli(args: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(args, { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version "errors" are successful exits
      return e.exitCode === 0 ? 0 : ExitCode.usage;
    }
    if (e instanceof SyncError) {
      ctx.err(`instance-sync: ${redact(e.message)}`);
      if (e.hint) ctx.err(`instance-sync: ${redact(e.hint)}`);
      if (e.detail && ctx.env.INSTANCE_SYNC_DEBUG) ctx.err(`instance-sync: detail: ${redact(e.detail)}`);
      ctx.onError?.(e);
      return e.exitCode;
    }
    // A bug, not a user error: still one line by default; the stack only with INSTANCE_SYNC_DEBUG.
    const err = e instanceof Error ? e : new Error(String(e));
    ctx.err(`instance-sync: unexpected error: ${redact(err.message)}`);
    if (ctx.env.INSTANCE_SYNC_DEBUG) ctx.err(redact(err.stack ?? ""));
    ctx.onError?.(err);
    return ExitCode.failure;
  }
}

/** Runs the CLI on the real process: streams, environment, colors. Returns the exit code. */
export async function runProcess(args: string[]): Promise<number> {
  const ctx: CliContext = {
    env: Deno.env.toObject(),
    cwd: Deno.cwd(),
    stdinIsTerminal: Deno.stdin.isTerminal(),
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    err: stderrSink(),
    out: stdoutSink(),
    exitCode: 0,
  };
  if (!useColor(ctx.env, Deno.stderr.isTerminal(), args.includes("--no-color") ? false : undefined)) {
    disableChalkColors(Deno.env); // before Ink loads: chalk fixes its color level at import
  }
  return await runCli(args, ctx);
}
