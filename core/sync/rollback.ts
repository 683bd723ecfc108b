import { when } from "./when.ts";
import { UsageError } from "../errors.ts";
import type { Summary } from "../ui.ts";
import { backupSideCopy } from "./backup.ts";
import { headOf, TAG_PRE_RESTORE } from "./history.ts";
import { scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import { finishPending, journaledRestore, refOf } from "./restore.ts";
import { withInstance } from "./session.ts";

/** Refuses what cannot be a snapshot id before anything is started. */
export function checkSnapshotId(text: string): void {
  if (!/^[0-9a-f]{4,64}$/.test(text.trim().toLowerCase())) {
    throw new UsageError(`Snapshot "${text}" is not a snapshot id (see \`instance-sync history\`)`);
  }
}

/** The one snapshot whose id starts with `text` (a full id or a unique prefix). */
export function pickSnapshot<T extends { id: string }>(snapshots: readonly T[], text: string): T {
  const wanted = text.trim().toLowerCase();
  const matches = snapshots.filter((s) => s.id.startsWith(wanted));
  if (matches.length !== 1) {
    throw new UsageError(
      matches.length === 0
        ? `No snapshot "${text}" in this instance's history`
        : `Snapshot id "${text}" is ambiguous; give more characters`,
      "Run `instance-sync history` to list the snapshots",
    );
  }
  return matches[0];
}

/**
 * Rolls the instance back to an earlier snapshot from `history`. The current local state is first
 * saved as a `pre-restore` side copy (I1). The restored state then supersedes the cloud head: the next
 * push uploads it as the new head, so the other computers follow the rollback instead of undoing it.
 * `confirm` is asked before anything changes (the CLI passes `--yes` as an automatic yes).
 */
export function restoreSnapshot(
  options: SyncOptions & {
    snapshot: string;
    confirm: (question: string, detail: string) => Promise<boolean>;
  },
): Promise<Summary> {
  return withInstance("restore", options, async (inst) => {
    let state = await inst.readState();
    if (state.pending) state = await finishPending(inst, state);
    checkSnapshotId(options.snapshot);
    const snapshots = await inst.snapshots();
    const target = pickSnapshot(snapshots, options.snapshot);
    const detail =
      `Roll back "${inst.label}" to ${target.id.slice(0, 8)} from ${target.host} (${when(target.time)}); ` +
      "this computer's current files are saved first as a pre-restore snapshot";
    if (!(await options.confirm("Restore this snapshot?", detail))) {
      return { command: "restore", outcome: "cancelled", message: "restore cancelled; nothing changed" };
    }
    const local = await scanManifest(inst.packFolder, inst.scope);
    let backupId: string | null = null;
    if (Object.keys(local).length > 0) {
      backupId = await backupSideCopy(inst, state, TAG_PRE_RESTORE, local);
      inst.reporter.info(
        `Saved the current files as snapshot ${backupId.slice(0, 8)} (tag ${TAG_PRE_RESTORE})`,
      );
    }
    const ids = snapshots.map((s) => s.id);
    const known = backupId ? [...ids, backupId] : ids;
    const restored = await journaledRestore(inst, state, {
      snapshot: refOf(target),
      document: target,
      reason: "restore",
      known,
      backup: backupId,
      before: local,
    });
    const head = headOf(snapshots);
    if (head && head.id !== target.id) await inst.writeState({ ...restored, supersede: refOf(head) });
    return {
      command: "restore",
      outcome: "restored",
      message: `restored snapshot ${target.id.slice(0, 8)}; the next push makes it the cloud's version` +
        (backupId ? ` (previous files kept in ${backupId.slice(0, 8)})` : ""),
      snapshot: target.id,
      details: { backup: backupId },
    };
  });
}
