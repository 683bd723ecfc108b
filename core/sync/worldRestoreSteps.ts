/**
 * The journaled steps of a one-world restore (`restore <snapshot> --world`), run by `journaledRestore`
 * and, after a kill, by `finishPending` like any restore: restic restores only the world's folder, then
 * files of that world the snapshot lacks are removed. Nothing outside the folder is read or written.
 * The base stays: the restored world is a local change, and the next push uploads it as the new version.
 */
import { isWorldFolder, OutsideRootError, removeContained } from "../fs/contained.ts";
import type { Instance } from "./instance.ts";
import { scanManifest } from "./manifest.ts";
import { filesMissingFromSnapshot } from "./extraFiles.ts";
import { removeEmptyDirs } from "./emptyDirs.ts";
import type { State } from "./state.ts";

/**
 * A restic include pattern for a literal path: restic matches each path component with Go's
 * `filepath.Match`, where `*`, `?` and `[` are pattern syntax. A one-character class (`[[]`) matches
 * the character itself on every OS (a backslash escape does not work on Windows, where `\` separates
 * paths); a backslash, which only POSIX names can hold, is escaped with a backslash.
 */
export function literalPattern(path: string): string {
  return path.replace(/[*?[]/g, (c) => `[${c}]`).replace(/\\/g, Deno.build.os === "windows" ? "\\" : "\\\\");
}

export async function applyWorldRestore(inst: Instance, state: State, known: string[]): Promise<State> {
  const pending = state.pending!;
  const world = pending.world!;
  // Checked again where it is used: everything below removes files under this folder.
  if (!isWorldFolder(world)) {
    throw new OutsideRootError(`Refusing to restore world "${world}": it is not a folder in saves/`);
  }
  const restic = await inst.getRestic();
  const id = pending.snapshot.id;
  const name = world.slice("saves/".length);
  inst.reporter.start(
    "restore",
    `Restoring "${name}" from snapshot ${id.slice(0, 8)} (${pending.snapshot.host})`,
  );
  const throttle = inst.progress();
  const restored = await restic.restore(id, {
    target: inst.packFolder,
    include: [literalPattern(world)],
    listItems: true,
    onProgress: (p) => throttle.push({ ...p, op: "restore" }),
  });
  throttle.flush();
  await inst.step("restore:restored");

  const inWorld = (p: string) => p.startsWith(`${world}/`);
  let items = (restored.items ?? []).filter(inWorld);
  // No item in the world would mean "delete the whole world": never trust that, list the snapshot.
  if (items.length === 0) items = (await inst.snapshotEntries(id)).map((e) => e.path).filter(inWorld);
  const inSnapshot = new Set(items);
  const here = await scanManifest(inst.packFolder, { include: [world], exclude: inst.scope.exclude });
  const extra = filesMissingFromSnapshot(Object.keys(here).filter(inWorld), inSnapshot);
  for (const rel of extra) await removeContained(inst.packFolder, rel, "file");
  await removeEmptyDirs(inst, extra, new Set([...inSnapshot, world]));
  if (extra.length) {
    inst.reporter.info(`Removed ${extra.length} file(s) of "${name}" that the snapshot lacks`);
  }
  await inst.step("restore:cleaned");

  const next: State = {
    ...state,
    known: [...new Set([...known, id])].sort(),
    pending: null,
  };
  await inst.writeState(next);
  await inst.step("restore:done");
  return next;
}
