import { resolvePackFolder } from "../../core/config/paths.ts";
import { UsageError } from "../../core/errors.ts";
import type { WorldVersion } from "../../core/sync/worldHistory.ts";
import type { SyncFlags } from "../options.ts";
import type { CliContext } from "../context.ts";
import { formatBytes, formatTime } from "../ui/format.ts";
import { headlessFrontend } from "../frontend.ts";
import { buildSyncOptions } from "./syncOptions.ts";

export interface HistoryFlags extends SyncFlags {
  world?: string;
}

/**
 * `history`: in a terminal (stdin and stdout; without `--json`, `--world` or `-g`) the world browser; else the
 * snapshot table, or with `--world` one world's timeline (`--json`: one JSON array).
 */
export async function runHistory(flags: HistoryFlags, ctx: CliContext, browse = false): Promise<void> {
  const interactive = ctx.stdinIsTerminal && flags.gui !== false && !ctx.env.INSTANCE_SYNC_NO_TUI;
  // `history > file` or `| grep` in a terminal wants the table: only both ends on a terminal browse.
  if (browse || (interactive && ctx.stdoutIsTerminal && !flags.json && flags.world === undefined)) {
    if (!interactive || flags.json) {
      throw new UsageError(
        "browse needs a terminal to draw in",
        "Run it in a terminal, or use `instance-sync history --world=<name>` for a plain list",
      );
    }
    return await (await import("./browse.ts")).runBrowse(flags, ctx);
  }
  if (flags.world === undefined) return await (await import("./info.ts")).runInfo("history", flags, ctx);
  const packFolder = await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd);
  const frontend = headlessFrontend(ctx, packFolder);
  const { worldHistory } = await import("../../core/sync/worldHistory.ts");
  const result = await worldHistory(buildSyncOptions(flags, ctx, packFolder, frontend), flags.world);
  if (result === null) {
    if (flags.json) return ctx.out("[]");
    return ctx.out("Not syncing: no .cloud-sync/sync.json");
  }
  const rows = result.versions.map((v) => ({ world: result.folder, ...v }));
  if (flags.json) return ctx.out(JSON.stringify(rows));
  const name = result.folder.slice("saves/".length);
  if (rows.length === 0) return ctx.out(`No snapshot has "${name}" yet (the next push uploads it)`);
  ctx.out(`"${name}": ${rows.length} version(s), newest first`);
  for (const v of rows) ctx.out(versionLine(v));
  ctx.out(`Bring one back: instance-sync restore <id> --world=${JSON.stringify(name)} [--as-copy]`);
}

/** One row of a world's timeline. */
export function versionLine(v: WorldVersion): string {
  const marks = [
    v.head && "head",
    v.base && "base",
    v.fork && "fork",
    v.sideCopy && v.tags.find((t) => t === "conflict-backup" || t === "pre-restore"),
  ].filter(Boolean).join(", ");
  const played = v.lastPlayed ? `played ${formatTime(new Date(v.lastPlayed).toISOString())}` : "";
  return [
    v.shortId,
    formatTime(v.time),
    v.host.padEnd(16),
    v.change.padEnd(7),
    played.padEnd(23),
    (v.version ?? "").padEnd(8),
    v.change === "removed" ? "" : v.bytes !== undefined ? formatBytes(v.bytes).padStart(9) : "",
  ].join("  ").trimEnd() + (marks ? `  [${marks}]` : "");
}
