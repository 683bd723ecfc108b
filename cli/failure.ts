import { ExitCode, SyncError } from "../core/errors.ts";
import { redact } from "../core/redact.ts";
import type { CliContext } from "./context.ts";

/**
 * Turns the error that ended a run into one line (two with a hint) and its exit code: the one place
 * both the full CLI (cli/run.ts) and the quick lane (cli/lane.ts) report failures, so a launcher
 * sees the same words and codes whichever path ran.
 */
export function reportFailure(e: unknown, ctx: CliContext): number {
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
