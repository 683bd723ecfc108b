import { join } from "../../core/fs/path.ts";
import { CONFIG_DIR, resolvePackFolder } from "../../core/config/paths.ts";
import { UsageError } from "../../core/errors.ts";
import { exists } from "../../core/fs/atomic.ts";
import type { SyncFlags } from "../options.ts";
import type { CliContext } from "../context.ts";
import { buildSyncOptions } from "./syncOptions.ts";

export interface ResolveFlags extends SyncFlags {
  choice?: "use-cloud" | "keep-local" | "keep-both";
  allowMassDelete?: boolean;
}

async function openSynced(flags: SyncFlags, ctx: CliContext): Promise<string> {
  const packFolder = await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd);
  if (!(await exists(join(packFolder, CONFIG_DIR, "sync.json")))) {
    throw new UsageError(`"${packFolder}" is not set up for sync (no ${CONFIG_DIR}/sync.json)`);
  }
  return packFolder;
}

/** `resolve`: a pull that asks about a conflict in the terminal UI (or applies `--choice`). */
export async function runResolve(flags: ResolveFlags, ctx: CliContext): Promise<void> {
  const packFolder = await openSynced(flags, ctx);
  const { pickFrontend } = await import("../frontend.ts");
  const frontend = await pickFrontend(flags, ctx, packFolder);
  if (frontend.kind !== "tui" && !flags.choice) {
    await frontend.close();
    throw new UsageError(
      "resolve needs a terminal to ask in",
      "Run it in a terminal, or pass --choice=use-cloud|keep-local",
    );
  }
  try {
    const options = buildSyncOptions(flags, ctx, packFolder, frontend);
    options.onConflict = flags.choice ?? "ask";
    options.allowMassDelete = flags.allowMassDelete;
    const { pull } = await import("../../core/sync/pull.ts");
    await pull(options);
  } finally {
    await frontend.close();
  }
}

/** `restore <snapshot>`: roll back to an earlier snapshot, after saving the current files. */
export async function runRestore(
  snapshot: string,
  flags: SyncFlags & { yes?: boolean; world?: string; asCopy?: boolean },
  ctx: CliContext,
) {
  if (flags.asCopy && flags.world === undefined) {
    throw new UsageError("--as-copy needs --world: only a single world can be restored as a copy");
  }
  const packFolder = await openSynced(flags, ctx);
  const { pickFrontend } = await import("../frontend.ts");
  const frontend = await pickFrontend(flags, ctx, packFolder);
  try {
    const options = buildSyncOptions(flags, ctx, packFolder, frontend);
    if (flags.world !== undefined) {
      const { restoreWorld } = await import("../../core/sync/worldRestore.ts");
      await restoreWorld({
        ...options,
        snapshot,
        world: flags.world,
        asCopy: flags.asCopy,
        confirm: (question, detail) =>
          flags.yes ? Promise.resolve(true) : frontend.prompter.confirm(question, detail),
      });
      return;
    }
    const { restoreSnapshot } = await import("../../core/sync/rollback.ts");
    await restoreSnapshot({
      ...options,
      snapshot,
      confirm: (question, detail) =>
        flags.yes ? Promise.resolve(true) : frontend.prompter.confirm(question, detail),
    });
  } finally {
    await frontend.close();
  }
}
