import { resolvePackFolder } from "../../core/config/paths.ts";
import type { CliContext } from "../context.ts";
import { headlessFrontend } from "../frontend.ts";
import type { SyncFlags } from "../options.ts";
import { buildSyncOptions } from "./syncOptions.ts";

/**
 * `instance-sync restic [--pack-folder=PATH] -- <restic args>`: runs restic on the instance's repository
 * with the secrets in its environment, its streams on this terminal, and passes its exit code through.
 */
export async function runResticCommand(args: string[], flags: SyncFlags, ctx: CliContext): Promise<void> {
  const packFolder = await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd);
  const options = buildSyncOptions(flags, ctx, packFolder, headlessFrontend(ctx, packFolder));
  const { resticInvocation } = await import("../../core/sync/resticCommand.ts");
  const run = await resticInvocation(options, args);
  // restic gets the terminal's Ctrl+C too and stops cleanly (removing its lock): wait for it.
  const ignore = () => {};
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGINT", ignore);
  try {
    const child = new Deno.Command(run.command, {
      args: run.args,
      env: run.env,
      clearEnv: true,
      cwd: ctx.cwd,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    ctx.exitCode = (await child.status).code;
  } finally {
    if (Deno.build.os !== "windows") Deno.removeSignalListener("SIGINT", ignore);
  }
}
