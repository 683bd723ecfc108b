import { join } from "../../core/fs/path.ts";
import { CONFIG_DIR, resolvePackFolder } from "../../core/config/paths.ts";
import { exists } from "../../core/fs/atomic.ts";
import type { SyncFlags } from "../options.ts";
import { DEFAULT_DIALOG_TIMEOUT_SECONDS } from "../window/timeout.ts";
import type { CliContext } from "../context.ts";
import { buildSyncOptions } from "./syncOptions.ts";
import { UsageError } from "../../core/errors.ts";

export interface PullPushFlags extends SyncFlags {
  onConflict?: "abort" | "keep-local" | "use-cloud" | "keep-both";
  offline: "allow" | "abort";
  onPlayingElsewhere?: "ask" | "play" | "cancel";
  allowMassDelete?: boolean;
  dialogTimeout?: number;
  dialog?: "window" | "browser" | "none";
}

/**
 * `pull` / `push`, as launcher hooks call them. `cli/gate.ts` has usually ended runs on folders that are
 * not opted in already; runs it handed over (unusual flags) get the same check here, still before
 * core, zod, React or restic load.
 */
export async function runSync(
  command: "pull" | "push",
  flags: PullPushFlags,
  ctx: CliContext,
): Promise<void> {
  const packFolder = await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd);
  if (!(await exists(join(packFolder, CONFIG_DIR, "sync.json")))) return;

  const { pickFrontend } = await import("../frontend.ts");
  const abort = new AbortController();
  const dialog = dialogWhere(flags.dialog, ctx.env.INSTANCE_SYNC_DIALOG);
  // --on-conflict decides every conflict question (core asks only under "ask"), so no window is needed
  // then, unless --on-playing-elsewhere=ask says this launch may ask about another computer's play.
  const mayAsk = flags.onConflict === undefined || (command === "pull" && flags.onPlayingElsewhere === "ask");
  const window = mayAsk && dialog !== "none"
    ? { timeoutSeconds: flags.dialogTimeout ?? DEFAULT_DIALOG_TIMEOUT_SECONDS, signal: abort.signal, dialog }
    : undefined;
  const frontend = await pickFrontend(flags, ctx, packFolder, window);
  const onSigint = () => abort.abort();
  Deno.addSignalListener("SIGINT", onSigint);
  try {
    const options = buildSyncOptions(flags, ctx, packFolder, frontend, abort.signal);
    options.onConflict = flags.onConflict ??
      (frontend.kind === "tui" || frontend.kind === "window" || frontend.kind === "browser"
        ? "ask"
        : "abort");
    options.offline = flags.offline;
    options.onPlayingElsewhere = flags.onPlayingElsewhere;
    options.allowMassDelete = flags.allowMassDelete;
    const run = command === "pull"
      ? (await import("../../core/sync/pull.ts")).pull
      : (await import("../../core/sync/push.ts")).push;
    await run(options);
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
    await frontend.close();
  }
}

/** `--dialog`, else `$INSTANCE_SYNC_DIALOG`, else "window"; a bad variable is a usage error naming it. */
function dialogWhere(
  flag: PullPushFlags["dialog"],
  variable: string | undefined,
): "window" | "browser" | "none" {
  if (flag) return flag;
  const v = variable?.trim();
  if (!v) return "window";
  if (v === "window" || v === "browser" || v === "none") return v;
  throw new UsageError(`INSTANCE_SYNC_DIALOG must be window, browser or none, not ${JSON.stringify(v)}`);
}
