import { ConflictError } from "../errors.ts";
import type { Snapshot } from "../restic/driver.ts";
import type { ConflictChoice, Summary } from "../ui.ts";
import { backupSideCopy } from "./backup.ts";
import { describeConflict } from "./conflict.ts";
import { TAG_CONFLICT_BACKUP } from "./history.ts";
import type { Instance } from "./instance.ts";
import type { ManifestDiff } from "./manifest.ts";
import { stashWorlds, worldChoices } from "./merge.ts";
import type { SyncOptions } from "./options.ts";
import { journaledRestore, refOf } from "./restore.ts";
import type { Manifest, State } from "./state.ts";

export interface ConflictInput {
  local: Manifest;
  localDiff: ManifestDiff;
  head: Snapshot;
  ids: string[];
  fork: boolean;
  /** At a first sync: local files the cloud's head lacks or holds otherwise (the first few). */
  unlike?: string[];
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
  const choice: ConflictChoice | "abort" = policy === "ask"
    ? await (inst.prompter?.chooseConflict(description) ?? Promise.resolve("cancel" as const))
    : policy;

  if (choice === "keep-local") {
    await inst.writeState({ ...state, known: c.ids, supersede: refOf(c.head) });
    return {
      command: "pull",
      outcome: "kept-local",
      message: `conflict resolved: keeping this computer's version; the next push supersedes ` +
        `${c.head.host}'s snapshot ${c.head.id.slice(0, 8)} (it stays in history)`,
    };
  }
  if (choice === "abort" || choice === "cancel") {
    const folder = JSON.stringify(inst.packFolder);
    throw new ConflictError(
      choice === "cancel"
        ? "Launch cancelled: the conflict was not resolved; nothing was changed"
        : description.reason === "fork"
        ? `Conflict: the cloud's "${inst.label}" from ${c.head.host} was not based on this computer's; nothing was changed`
        : description.reason === "first-sync"
        ? `Conflict: this computer has its own "${inst.label}" files${
          unlikeText(c.unlike)
        } and the cloud has ${c.head.host}'s; nothing was changed`
        : `Conflict: this computer and ${c.head.host} both changed "${inst.label}"; nothing was changed`,
      `In a terminal run \`instance-sync resolve --pack-folder=${folder}\`, ` +
        "or pass --on-conflict=use-cloud|keep-local|keep-both",
    );
  }

  // use-cloud, keep-both and per-world answers all restore the cloud head, then put back the worlds
  // this computer keeps. I1: the whole local state goes into a snapshot before anything is replaced.
  const steps = choice === "use-cloud"
    ? []
    : await stashWorlds(inst, worldChoices(description, choice), description);
  let backupId: string | null = null;
  if (Object.keys(c.local).length > 0) {
    backupId = await backupSideCopy(inst, state, TAG_CONFLICT_BACKUP, c.local);
    inst.reporter.info(
      `Saved this computer's version as snapshot ${backupId.slice(0, 8)} (tag ${TAG_CONFLICT_BACKUP})`,
    );
  }
  const known = backupId ? [...c.ids, backupId] : c.ids;
  await journaledRestore(inst, state, {
    snapshot: refOf(c.head),
    document: c.head,
    reason: "use-cloud",
    known,
    backup: backupId,
    merge: steps,
    before: c.local,
  });
  const kept = steps.map((s) =>
    s.choice === "both" ? `"${s.newFolder}"` : `"${s.world.slice(6)}" (this computer's)`
  );
  return {
    command: "pull",
    outcome: choice === "use-cloud" ? "used-cloud" : "merged",
    message:
      (choice === "use-cloud"
        ? `conflict resolved: using the cloud's version from ${c.head.host}`
        : `conflict resolved: the cloud's version from ${c.head.host}, keeping ${
          kept.join(", ") || "no local worlds"
        }` +
          "; the next push uploads the result") +
      (backupId ? `; this computer's version is kept in snapshot ${backupId.slice(0, 8)}` : ""),
    snapshot: c.head.id,
    details: { backup: backupId, merged: steps },
  };
}

/** ` ("options.txt", "saves/W/level.dat" are not the cloud's)`: which files make a first sync a conflict. */
function unlikeText(unlike: string[] | undefined): string {
  if (!unlike?.length) return "";
  const named = unlike.slice(0, 3).map((p) => JSON.stringify(p)).join(", ");
  const more = unlike.length > 3 ? ` and ${unlike.length - 3} more` : "";
  return ` (${named}${more} ${unlike.length === 1 ? "is" : "are"} not the cloud's)`;
}
