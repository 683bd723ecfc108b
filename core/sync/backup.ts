import { join } from "../fs/path.ts";
import { MACHINE_TAG } from "../config/machine.ts";
import { UsageError } from "../errors.ts";
import { exists, readTextOrNull, writeFileAtomic } from "../fs/atomic.ts";
import { snapshotTags, TAG_CONFLICT_BACKUP, TAG_PRE_RESTORE } from "./history.ts";
import { instanceTag } from "./identity.ts";
import type { Instance } from "./instance.ts";
import type { Manifest, State } from "./state.ts";
import { diffManifests } from "./manifest.ts";
import { pushRecords } from "../worlds/changes.ts";
import { worldTags } from "../worlds/tags.ts";
import type { BackupResult } from "../restic/driver.ts";

/** Writes restic's `--files-from` (existing include roots only) and `--exclude-file` inputs. */
async function writeResticInputs(inst: Instance): Promise<string[]> {
  const roots: string[] = [];
  for (const root of inst.scope.include) {
    if (await exists(join(inst.packFolder, root))) roots.push(root);
  }
  await writeIfChanged(inst.paths.filesFrom, roots.join("\n") + "\n");
  await writeIfChanged(inst.paths.excludeFrom, inst.scope.exclude.join("\n") + "\n");
  return roots;
}

/** These inputs are regenerated on every push; most pushes leave them as they were. */
async function writeIfChanged(path: string, text: string): Promise<void> {
  if ((await readTextOrNull(path)) !== text) await writeFileAtomic(path, text);
}

/**
 * Runs `restic backup` of the scope from the pack folder with relative paths, tagged with the history
 * graph's parent. Returns restic's result; unreadable files (restic exit 3) are reported as warnings.
 */
export async function backupScope(
  inst: Instance,
  parent: { id: string } | null,
  resticParent: string | null,
  extraTags: string[] = [],
): Promise<BackupResult> {
  const roots = await writeResticInputs(inst);
  if (roots.length === 0) {
    throw new UsageError(
      `Nothing to upload: none of the synced paths exist in "${inst.packFolder}"`,
      `Synced paths: ${inst.scope.include.join(", ")}`,
    );
  }
  const restic = await inst.getRestic();
  if (!inst.repositorySeen) await restic.ensureInit(inst.repositoryMissing);
  const machine = await inst.machineId();
  const throttle = inst.progress();
  const op = extraTags.includes(TAG_PRE_RESTORE)
    ? "pre-restore-backup"
    : extraTags.includes(TAG_CONFLICT_BACKUP)
    ? "conflict-backup"
    : "backup";
  inst.reporter.start(
    op,
    op === "backup"
      ? `Uploading "${inst.label}" from ${inst.host}`
      : `Saving this computer's version of "${inst.label}" as a snapshot first`,
  );
  const result = await restic.backup({
    cwd: inst.packFolder,
    filesFrom: inst.paths.filesFrom,
    excludeFile: inst.paths.excludeFrom,
    host: inst.host,
    tags: snapshotTags(parent?.id ?? null, inst.label, [
      instanceTag(inst.config.instance_id),
      ...extraTags,
      ...(machine ? [`${MACHINE_TAG}=${machine}`] : []),
    ]),
    parent: resticParent ?? undefined,
    onProgress: (p) => throttle.push({ ...p, op }),
  });
  throttle.flush();
  if (result.unreadable.length) {
    inst.reporter.warn(
      `${result.unreadable.length} file(s) could not be read and are not in the snapshot: ` +
        result.unreadable.slice(0, 10).join(", ") + (result.unreadable.length > 10 ? ", …" : ""),
    );
  }
  return result;
}

/**
 * Snapshots the local state as a side copy (`conflict-backup` / `pre-restore`) before it is replaced.
 * Its parent is the base, and it carries the world tags a push from this folder would: the worlds that
 * changed since the base (`local` is the scan of the folder being saved), so `history --world` reads
 * them from the tags and never lists the side copy.
 */
export async function backupSideCopy(
  inst: Instance,
  state: State,
  tag: string,
  local: Manifest,
): Promise<string> {
  // No base: the side copy is a root (`parent=none`), and history counts each of its worlds as added.
  const diff = diffManifests(state.base ? state.baseManifest : {}, local);
  const worlds = worldTags(await pushRecords(inst.packFolder, diff, local));
  const result = await backupScope(inst, state.base, state.base?.id ?? null, [tag, ...worlds]);
  return result.snapshotId;
}
