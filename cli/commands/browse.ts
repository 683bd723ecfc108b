import { join } from "../../core/fs/path.ts";
import { CONFIG_DIR, resolvePackFolder } from "../../core/config/paths.ts";
import { exists } from "../../core/fs/atomic.ts";
import type { CliContext } from "../context.ts";
import { headlessFrontend } from "../frontend.ts";
import type { SyncFlags } from "../options.ts";
import { buildSyncOptions } from "./syncOptions.ts";

/**
 * The history browser: reads the history, lets the player pick a world's version and what to do with
 * it, then restores it with the terminal UI's progress. Picking "restore" in the browser is the
 * confirmation: the action's label says what happens, and the current files are saved first.
 */
export async function runBrowse(flags: SyncFlags, ctx: CliContext): Promise<void> {
  const packFolder = await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd);
  // Like `history` anywhere: a folder that does not sync has no history to browse (not an error).
  if (!(await exists(join(packFolder, CONFIG_DIR, "sync.json")))) {
    return ctx.out(`Not syncing: no ${CONFIG_DIR}/sync.json`);
  }
  const quiet = headlessFrontend(ctx, packFolder);
  ctx.err("Reading the history of this instance's worlds…");
  const { browserData } = await import("../../core/sync/worldHistory.ts");
  const data = await browserData(buildSyncOptions(flags, ctx, packFolder, quiet));
  if (!data) return;
  const { browseWorlds } = await import("../../tui/browse.ts");
  const pick = await browseWorlds(data);
  if (!pick) return;
  const { pickFrontend } = await import("../frontend.ts");
  const frontend = await pickFrontend(flags, ctx, packFolder);
  try {
    const { restoreWorld } = await import("../../core/sync/worldRestore.ts");
    await restoreWorld({
      ...buildSyncOptions(flags, ctx, packFolder, frontend),
      snapshot: pick.snapshot,
      world: pick.folder,
      asCopy: pick.action === "copy",
      confirm: () => Promise.resolve(true),
    });
  } finally {
    await frontend.close();
  }
}
