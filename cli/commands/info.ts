import { resolvePackFolder } from "../../core/config/paths.ts";
import type { SyncFlags } from "../options.ts";
import type { CliContext } from "../context.ts";
import { headlessFrontend } from "../frontend.ts";
import { formatTime } from "../ui/format.ts";
import { playingElsewhereText } from "../../core/presence/text.ts";
import type { StatusReport } from "../../core/sync/info.ts";
import { buildSyncOptions } from "./syncOptions.ts";

/** `status` and `history`: read-only views; `--json` prints one JSON document on stdout. */
export async function runInfo(
  command: "status" | "history",
  flags: SyncFlags,
  ctx: CliContext,
): Promise<void> {
  const packFolder = await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd);
  const frontend = headlessFrontend(ctx, packFolder);
  const options = buildSyncOptions(flags, ctx, packFolder, frontend);
  const { status, history } = await import("../../core/sync/info.ts");
  if (command === "status") {
    const report = await status(options);
    if (flags.json) return ctx.out(JSON.stringify({ type: "status", ...report }));
    if (!report.optedIn) {
      ctx.out(
        `Not syncing: ${
          report.disabled ? "sync is disabled (run `instance-sync enable`)" : "no .cloud-sync/sync.json"
        }`,
      );
      ctx.out(`Pack folder:   ${report.packFolder}`);
      return;
    }
    const c = report.localChanges!;
    const changes = c.added.length + c.changed.length + c.removed.length;
    ctx.out(`Instance:      ${report.label} (${report.instanceId})`);
    ctx.out(`Pack folder:   ${report.packFolder}`);
    ctx.out(`Repository:    ${report.repository}`);
    if (report.protection !== undefined) ctx.out(`Protection:    ${protectionText(report.protection)}`);
    ctx.out(`This machine:  ${report.host}`);
    ctx.out(
      `Base:          ${
        report.base
          ? `${report.base.id.slice(0, 8)} from ${report.base.host}, ${formatTime(report.base.time)}`
          : "none (never synced)"
      }`,
    );
    ctx.out(
      `Local changes: ${
        changes === 0
          ? "none"
          : `${c.added.length} added, ${c.changed.length} changed, ${c.removed.length} removed`
      }`,
    );
    const r = report.interruptedRestore;
    if (r) {
      ctx.out(
        `Interrupted:   a restore of ${r.world ? `world "${r.world.slice("saves/".length)}" from ` : ""}` +
          `${r.snapshot.id.slice(0, 8)} from ${r.snapshot.host} ` +
          `(${formatTime(r.snapshot.time)}) was interrupted; the next pull completes it`,
      );
      ctx.out(
        `Since then:    ${
          r.laterChanges === null
            ? "unknown (the cloud cannot be reached to compare)"
            : r.laterChanges.length === 0
            ? "no changes here"
            : `${r.laterChanges.length} file(s) changed here (${r.laterChanges.slice(0, 3).join(", ")}${
              r.laterChanges.length > 3 ? ", …" : ""
            }); the next pull saves them in a snapshot first`
        }`,
      );
    }
    if (report.offline) ctx.out(`Cloud:         unreachable (${report.offline})`);
    else if (report.cloudHead) {
      const h = report.cloudHead;
      ctx.out(`Cloud head:    ${h.id.slice(0, 8)} from ${h.host}, ${formatTime(h.time)}${cloudNews(report)}`);
    } else ctx.out("Cloud head:    none (nothing uploaded yet)");
    for (const p of report.playingElsewhere ?? []) ctx.out(`Elsewhere:     ${playingElsewhereText(p)}`);
    return;
  }
  const entries = await history(options);
  if (entries === null) {
    if (flags.json) return ctx.out(JSON.stringify({ type: "history", optedIn: false, snapshots: [] }));
    return ctx.out("Not syncing: no .cloud-sync/sync.json");
  }
  if (flags.json) return ctx.out(JSON.stringify({ type: "history", optedIn: true, snapshots: entries }));
  if (entries.length === 0) return ctx.out("No snapshots yet");
  ctx.out(
    `${"snapshot".padEnd(8)}  ${"time".padEnd(16)}  ${"machine".padEnd(16)}  ${
      "parent".padEnd(8)
    }  worlds changed`,
  );
  for (const e of entries) {
    const marks = [
      e.head && "head",
      e.base && "base",
      e.fork && "fork",
      e.sideCopy && e.tags.find((t) => t === "conflict-backup" || t === "pre-restore"),
    ]
      .filter(Boolean).join(", ");
    const parent = e.parent === undefined ? "?" : e.parent ?? "none";
    ctx.out(
      `${e.shortId}  ${formatTime(e.time)}  ${e.host.padEnd(16)}  ${parent.padEnd(8)}  ${
        worldsColumn(e.worlds).padEnd(32)
      }${marks ? `  [${marks}]` : ""}`.trimEnd(),
    );
  }
}

/** The `Protection:` line of `status` (docs/security.md says how to move to a protected repository). */
export function protectionText(protection: StatusReport["protection"]): string {
  if (protection === "protected") {
    return "protected (encrypted with a password derived from the token, not the login the server receives)";
  }
  if (protection === "server-readable") {
    return "server-readable (encrypted with the token's password, which the server receives; see docs/security.md)";
  }
  return "no repository yet (the first push creates a protected one)";
}

/**
 * What the cloud head line adds: whether the head itself is new, or only other snapshots arrived (side
 * copies of a resolved conflict, a rollback's pre-restore copy) while the head stayed the one synced.
 */
export function cloudNews(report: Pick<StatusReport, "headIsNew" | "newSinceSync">): string {
  if (report.headIsNew) return " (new since last sync)";
  const n = report.newSinceSync ?? 0;
  return n > 0 ? ` (unchanged; ${n} other snapshot${n === 1 ? "" : "s"} new since last sync)` : "";
}

/** The "worlds changed" column: `+added ~changed -removed` folder names, cut to fit. */
export function worldsColumn(worlds: readonly { folder: string; change: string }[]): string {
  if (worlds.length === 0) return "-";
  const sign = { added: "+", changed: "~", removed: "-" } as Record<string, string>;
  const names = worlds.map((w) => `${sign[w.change] ?? ""}${w.folder.slice("saves/".length)}`);
  const shown: string[] = [];
  for (const n of names) {
    const more = names.length - shown.length - 1;
    const next = [...shown, n].join(", ") + (more > 0 ? ` (+${more})` : "");
    if (next.length > 32 && shown.length > 0) break;
    shown.push(n.length > 32 ? n.slice(0, 31) + "…" : n);
  }
  const rest = names.length - shown.length;
  return shown.join(", ") + (rest > 0 ? ` (+${rest})` : "");
}
