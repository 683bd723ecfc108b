import { ConflictError, OfflineError } from "../errors.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { Summary } from "../ui.ts";
import { backupSideCopy } from "./backup.ts";
import { describeConflict } from "./conflict.ts";
import { headOf, isAncestor, TAG_CONFLICT_BACKUP } from "./history.ts";
import type { Instance } from "./instance.ts";
import { diffManifests, isEmptyDiff, type ManifestDiff, scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import { finishPending, journaledRestore, refOf } from "./restore.ts";
import { offlineSummary, withInstance } from "./session.ts";
import type { Manifest, State } from "./state.ts";

/**
 * Brings the instance up to date with the cloud before launch (DESIGN 4, pull).
 *
 * @example
 * const summary = await pull({ packFolder: "/games/prism/instances/Pack/.minecraft", onConflict: "abort" });
 */
export function pull(options: SyncOptions): Promise<Summary> {
  return withInstance("pull", options, async (inst) => {
    let state = await inst.readState();
    if (state.pending) state = await finishPending(inst, state);

    let ids: string[];
    try {
      ids = await inst.listIds();
    } catch (e) {
      if (e instanceof OfflineError && (options.offline ?? "allow") === "allow") {
        return offlineSummary(
          "pull",
          inst,
          e,
          "playing with this computer's files; the next push catches up",
        );
      }
      throw e;
    }
    if (sameSet(ids, state.known)) {
      return { command: "pull", outcome: "up-to-date", message: "up to date" };
    }

    const snapshots = await (await inst.getRestic()).snapshots();
    const head = headOf(snapshots);
    if (!head || head.id === state.base?.id) {
      await inst.writeState({ ...state, known: ids });
      return { command: "pull", outcome: "up-to-date", message: "up to date" };
    }
    if (state.supersede && head.id === state.supersede.id) {
      await inst.writeState({ ...state, known: ids });
      return {
        command: "pull",
        outcome: "keep-local",
        message: "keeping this computer's version (chosen earlier); the next push replaces the cloud's",
      };
    }

    const local = await scanManifest(inst.packFolder, inst.scope);
    const localDiff = diffManifests(state.baseManifest, local);
    const descends = state.base ? isAncestor(snapshots, state.base.id, head) : true;
    if (descends && isEmptyDiff(localDiff)) {
      await journaledRestore(inst, state, refOf(head), "pull", ids);
      return {
        command: "pull",
        outcome: "restored",
        message: `updated to the cloud's version from ${head.host} (${head.time})`,
        snapshot: head.id,
      };
    }
    return await resolveConflict(inst, options, state, { local, localDiff, head, ids, fork: !descends });
  });
}

interface ConflictInput {
  local: Manifest;
  localDiff: ManifestDiff;
  head: Snapshot;
  ids: string[];
  fork: boolean;
}

/** Applies `--on-conflict` or asks the prompter; the default headless answer is abort (exit 3). */
export async function resolveConflict(
  inst: Instance,
  options: SyncOptions,
  state: State,
  c: ConflictInput,
): Promise<Summary> {
  const description = await describeConflict(inst, state, c.local, c.localDiff, c.head);
  if (c.fork) description.reason = "fork";
  inst.reporter.conflict(description);
  const policy = options.onConflict ?? "abort";
  const choice = policy === "ask"
    ? await (inst.prompter?.chooseConflict(description) ?? Promise.resolve("cancel" as const))
    : policy;

  if (choice === "use-cloud") {
    // I1: the local state goes into a snapshot before anything is replaced.
    let backupId: string | null = null;
    if (Object.keys(c.local).length > 0) {
      backupId = await backupSideCopy(inst, state, TAG_CONFLICT_BACKUP);
      inst.reporter.info(
        `Saved this computer's version as snapshot ${backupId.slice(0, 8)} (tag ${TAG_CONFLICT_BACKUP})`,
      );
    }
    const known = backupId ? [...c.ids, backupId] : c.ids;
    await journaledRestore(inst, state, refOf(c.head), "use-cloud", known, backupId);
    return {
      command: "pull",
      outcome: "used-cloud",
      message: `conflict resolved: using the cloud's version from ${c.head.host}` +
        (backupId ? `; this computer's version is kept in snapshot ${backupId.slice(0, 8)}` : ""),
      snapshot: c.head.id,
      details: { backup: backupId },
    };
  }
  if (choice === "keep-local") {
    await inst.writeState({ ...state, known: c.ids, supersede: refOf(c.head) });
    return {
      command: "pull",
      outcome: "kept-local",
      message: `conflict resolved: keeping this computer's version; the next push supersedes ` +
        `${c.head.host}'s snapshot ${c.head.id.slice(0, 8)} (it stays in history)`,
    };
  }
  const folder = JSON.stringify(inst.packFolder);
  throw new ConflictError(
    choice === "cancel"
      ? "Launch cancelled: the conflict was not resolved; nothing was changed"
      : `Conflict: this computer and ${c.head.host} both changed "${inst.label}"; nothing was changed`,
    `In a terminal run \`instance-sync resolve --pack-folder=${folder}\`, or pass --on-conflict=use-cloud|keep-local`,
  );
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((x) => set.has(x));
}
