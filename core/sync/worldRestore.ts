/**
 * `restore <snapshot> --world`: bring back one world from a snapshot, over the current one (saved first
 * as a `pre-restore` snapshot, journaled) or as a renamed copy beside it. Every other world, and every
 * file outside the world's folder, stays exactly as it is.
 */
import { join } from "../fs/path.ts";
import { UsageError } from "../errors.ts";
import { isWorldFolder, OutsideRootError } from "../fs/contained.ts";
import type { Summary } from "../ui.ts";
import { copyWorldAs, existingWorldFolders, freeFolderName, localDate } from "../worlds/keepBoth.ts";
import { readLevelDat } from "../worlds/levelDat.ts";
import { resolveWorld } from "../worlds/resolve.ts";
import { worldsInSnapshot } from "../worlds/timeline.ts";
import { listWorlds } from "../worlds/worlds.ts";
import { backupSideCopy } from "./backup.ts";
import { TAG_PRE_RESTORE } from "./history.ts";
import type { Instance } from "./instance.ts";
import { scanManifest } from "./manifest.ts";
import type { SyncOptions } from "./options.ts";
import { finishPending, journaledRestore, refOf } from "./restore.ts";
import { checkSnapshotId, pickSnapshot } from "./rollback.ts";
import { withInstance } from "./session.ts";
import type { Snapshot } from "../restic/driver.ts";
import { literalPattern } from "./worldRestoreSteps.ts";
import { checkSnapshotScope } from "./restoreScope.ts";
import { when } from "./when.ts";
import type { State } from "./state.ts";

export interface WorldRestoreOptions extends SyncOptions {
  snapshot: string;
  /** A world folder ("My Base", "saves/My Base") or in-game name. */
  world: string;
  /** Restore beside the current world as `saves/<World> (<date>)` instead of over it. */
  asCopy?: boolean;
  /** Asked before anything changes (the CLI answers yes for `--yes`). */
  confirm: (question: string, detail: string) => Promise<boolean>;
}

export function restoreWorld(options: WorldRestoreOptions): Promise<Summary> {
  checkSnapshotId(options.snapshot);
  return withInstance("restore", options, async (inst) => {
    await removeStaleCopies(inst);
    let state = await inst.readState();
    if (state.pending) state = await finishPending(inst, state);
    const snapshots = await inst.snapshots();
    const target = pickSnapshot(snapshots, options.snapshot);
    const held = await worldsInSnapshot(inst, target.id);
    const folder = resolveWorld(options.world, Object.keys(held), await listWorlds(inst.packFolder));
    if (!isWorldFolder(folder)) {
      throw new OutsideRootError(`Refusing to restore world "${folder}": it is not a folder in saves/`);
    }
    const name = folder.slice("saves/".length);
    if (!held[folder]) {
      throw new UsageError(
        `Snapshot ${target.id.slice(0, 8)} has no world "${name}"`,
        `Run \`instance-sync history --world=${JSON.stringify(name)}\` to list the versions of it`,
      );
    }
    return options.asCopy
      ? await restoreCopy(inst, options, target, folder)
      : await restoreInPlace(inst, options, state, target, folder);
  });
}

async function restoreInPlace(
  inst: Instance,
  options: WorldRestoreOptions,
  state: State,
  target: Snapshot,
  folder: string,
): Promise<Summary> {
  const name = folder.slice("saves/".length);
  const detail = `Put "${name}" back as it was in ${target.id.slice(0, 8)} from ${target.host} ` +
    `(${when(target.time)}); the current files are saved first as a pre-restore snapshot, and no other ` +
    "world changes";
  if (!(await options.confirm(`Restore "${name}" over the current world?`, detail))) {
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
  // Our own side copy is no news to the next pull; the cloud's other snapshots stay as known as they were.
  const known = backupId ? [...state.known, backupId] : state.known;
  await journaledRestore(inst, state, {
    snapshot: refOf(target),
    reason: "restore",
    known,
    backup: backupId,
    before: local,
    world: folder,
  });
  return {
    command: "restore",
    outcome: "restored-world",
    message: `restored "${name}" from snapshot ${target.id.slice(0, 8)}; the next push uploads it` +
      (backupId ? ` (previous files kept in ${backupId.slice(0, 8)})` : ""),
    snapshot: target.id,
    details: { world: folder, backup: backupId },
  };
}

async function restoreCopy(
  inst: Instance,
  options: WorldRestoreOptions,
  target: Snapshot,
  folder: string,
): Promise<Summary> {
  const name = folder.slice("saves/".length);
  const date = new Date(target.time);
  const copyName = freeFolderName(name, localDate(date), await existingWorldFolders(inst.packFolder));
  const detail = `Copy "${name}" as it was in ${target.id.slice(0, 8)} from ${target.host} ` +
    `(${when(target.time)}) to "saves/${copyName}"; the current world and everything else stay as they are`;
  if (!(await options.confirm(`Restore "${name}" as a copy?`, detail))) {
    return { command: "restore", outcome: "cancelled", message: "restore cancelled; nothing changed" };
  }
  await checkSnapshotScope(inst, target.id, target.host);
  // Restored beside the config (same disk as saves/), then copied in by copyWorldAs, which builds the copy
  // in a hidden folder and renames it into place: a kill never leaves half a world in the world list.
  const tmp = await Deno.makeTempDir({ dir: inst.paths.configDir, prefix: "world-copy-" });
  try {
    inst.reporter.start("restore", `Restoring "${name}" from snapshot ${target.id.slice(0, 8)} as a copy`);
    const throttle = inst.progress();
    await (await inst.getRestic()).restore(target.id, {
      target: tmp,
      include: [literalPattern(folder)],
      onProgress: (p) => throttle.push({ ...p, op: "restore" }),
    });
    throttle.flush();
    const level = await readLevelDat(join(tmp, folder, "level.dat"));
    const display = `${level?.levelName ?? name} (${localDate(date)})`;
    const copy = await copyWorldAs(inst.packFolder, join(tmp, folder), copyName, display);
    return {
      command: "restore",
      outcome: "restored-copy",
      message: `restored "${name}" from snapshot ${target.id.slice(0, 8)} as "${copy.folder}"` +
        (copy.renamed ? `, named "${display}" in the game` : ""),
      snapshot: target.id,
      details: { world: folder, copy: copy.folder, displayName: copy.renamed ? display : null },
    };
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/** Temp folders of copy restores that a kill cut short (we hold the lock: none is in use). */
async function removeStaleCopies(inst: Instance): Promise<void> {
  try {
    for await (const e of Deno.readDir(inst.paths.configDir)) {
      if (e.isDirectory && e.name.startsWith("world-copy-")) {
        await Deno.remove(join(inst.paths.configDir, e.name), { recursive: true }).catch(() => {});
      }
    }
  } catch { /* housekeeping only */ }
}
