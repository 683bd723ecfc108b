import type { SyncOptions } from "../../core/sync/options.ts";
import type { Frontend } from "../frontend.ts";
import type { SyncFlags } from "../options.ts";
import type { CliContext } from "../context.ts";

/** Maps the shared flags to core's options (everything core needs is passed in, nothing global). */
export function buildSyncOptions(
  flags: SyncFlags,
  ctx: CliContext,
  packFolder: string,
  frontend: Frontend,
  signal?: AbortSignal,
): SyncOptions {
  return {
    packFolder,
    env: ctx.env,
    tokenFile: flags.tokenFile,
    resticBinary: flags.resticBinary,
    download: flags.download,
    instanceLabel: flags.instanceLabel,
    stallTimeoutMs: flags.stallTimeout !== undefined ? flags.stallTimeout * 1000 : undefined,
    reporter: frontend.reporter,
    prompter: frontend.prompter,
    signal,
    progressIntervalMs: frontend.kind === "tui" ? 100 : frontend.kind === "json" ? 250 : 2000,
  };
}
