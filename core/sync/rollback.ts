import { when } from "./when.ts";
import { UsageError } from "../errors.ts";
import type { Summary } from "../ui.ts";
import { backupSideCopy } from "./backup.ts";
import { findById, headOf, TAG_PRE_RESTORE } from "./history.ts";
import { scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import { finishPending, journaledRestore, refOf } from "./restore.ts";
import { withInstance } from "./session.ts";

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
    const wanted = options.snapshot.trim().toLowerCase();
    if (!/^[0-9a-f]{4,64}$/.test(wanted)) {
      throw new UsageError(
        `Snapshot "${options.snapshot}" is not a snapshot id (see \`instance-sync history\`)`,
      );
    }
    const restic = await inst.getRestic();
    const snapshots = await restic.snapshots();
    const matches = snapshots.filter((s) => s.id.startsWith(wanted));
    if (matches.length !== 1) {
      throw new UsageError(
        matches.length === 0
          ? `No snapshot "${options.snapshot}" in this instance's history`
          : `Snapshot id "${options.snapshot}" is ambiguous; give more characters`,
        "Run `instance-sync history` to list the snapshots",
      );
    }
    const target = findById(snapshots, matches[0].id)!;
    const detail =
      `Roll back "${inst.label}" to ${target.id.slice(0, 8)} from ${target.host} (${when(target.time)}); ` +
      "this computer's current files are saved first as a pre-restore snapshot";
    if (!(await options.confirm("Restore this snapshot?", detail))) {
      return { command: "restore", outcome: "cancelled", message: "restore cancelled; nothing changed" };
    }
    const local = await scanManifest(inst.packFolder, inst.scope);
    let backupId: string | null = null;
    if (Object.keys(local).length > 0) {
      backupId = await backupSideCopy(inst, state, TAG_PRE_RESTORE);
      inst.reporter.info(
        `Saved the current files as snapshot ${backupId.slice(0, 8)} (tag ${TAG_PRE_RESTORE})`,
      );
    }
    const ids = snapshots.map((s) => s.id);
    const known = backupId ? [...ids, backupId] : ids;
    const restored = await journaledRestore(inst, state, {
      snapshot: refOf(target),
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
