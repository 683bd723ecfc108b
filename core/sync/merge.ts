import { join } from "../fs/path.ts";
import { exists } from "../fs/atomic.ts";
import { containedPath, isWorldFolder, OutsideRootError, removeContained } from "../fs/contained.ts";
import type { ConflictChoice, ConflictDescription, WorldChoice } from "../ui.ts";
import {
  copyTree,
  copyWorldAs,
  existingWorldFolders,
  keepBothDisplayName,
  keepBothName,
} from "../worlds/keepBoth.ts";
import { readLevelDat } from "../worlds/levelDat.ts";
import type { Instance } from "./instance.ts";
import type { Pending } from "./state.ts";

export type MergeStep = NonNullable<Pending["merge"]>[number];

/**
 * Turns a conflict answer into one choice per changed world. keep-both (and any world a per-world
 * answer leaves out) follows one rule: a world only this computer changed stays local, one both sides
 * changed is kept twice, anything else comes from the cloud.
 */
export function worldChoices(d: ConflictDescription, choice: ConflictChoice): Map<string, WorldChoice> {
  const explicit = typeof choice === "object" ? choice.worlds : {};
  const result = new Map<string, WorldChoice>();
  for (const w of d.worlds) {
    const rule: WorldChoice = w.local && w.cloud ? "both" : w.local ? "local" : "cloud";
    result.set(w.folder, explicit[w.folder] ?? rule);
  }
  return result;
}

/**
 * Copies the local worlds that survive the restore into `.cloud-sync/stash/` (outside the scope, so the
 * restore and its cleanup never touch them) and returns the journal's merge steps.
 */
export async function stashWorlds(
  inst: Instance,
  choices: Map<string, WorldChoice>,
  d: ConflictDescription,
): Promise<MergeStep[]> {
  const steps: MergeStep[] = [];
  const stashRoot = join(inst.paths.configDir, "stash");
  await Deno.remove(stashRoot, { recursive: true }).catch(() => {});
  const taken = await existingWorldFolders(inst.packFolder);
  let n = 0;
  for (const [world, choice] of choices) {
    if (choice === "cloud") continue;
    const source = await containedPath(inst.packFolder, checkedWorld(world), "world folder");
    const present = await exists(join(source, "level.dat")) || await exists(source);
    if (!present && choice === "both") continue; // deleted here: nothing to keep twice
    const stash = present ? `stash/${n++}` : null;
    if (stash) await copyTree(source, join(inst.paths.configDir, stash));
    const step: MergeStep = { world, choice, stash };
    if (choice === "both") {
      const folderName = world.slice("saves/".length);
      const level = await readLevelDat(join(source, "level.dat"));
      // The copy is named for when that version was last played (level.dat), else its newest file.
      const date = new Date(level?.lastPlayed || (d.local.time ? Date.parse(d.local.time) : Date.now()));
      step.newFolder = keepBothName(folderName, inst.host, date, taken);
      taken.add(step.newFolder);
      step.displayName = keepBothDisplayName(level?.levelName ?? folderName, inst.host, date);
    }
    steps.push(step);
  }
  return steps;
}

/**
 * Applies the merge steps after the cloud's version was restored. Idempotent: a run killed midway
 * restores again and repeats this from the stash, which is removed only after the new state is written.
 */
export async function applyMerge(inst: Instance, steps: MergeStep[]): Promise<void> {
  for (const step of steps) {
    // The steps come from state.json: each path is checked where it is used, too.
    const stash = step.stash
      ? await containedPath(inst.paths.configDir, checkedStash(step.stash), "stash")
      : null;
    const world = checkedWorld(step.world);
    if (step.choice === "local") {
      await removeContained(inst.packFolder, world, "world folder", { recursive: true });
      if (stash) await copyTree(stash, await containedPath(inst.packFolder, world, "world folder"));
    } else if (stash && step.newFolder) {
      if (await exists(join(inst.packFolder, "saves", step.newFolder))) continue;
      await copyWorldAs(inst.packFolder, stash, step.newFolder, step.displayName ?? step.newFolder);
    }
  }
}

function checkedWorld(world: string): string {
  if (!isWorldFolder(world)) {
    throw new OutsideRootError(`Refusing to change world "${world}": it is not a folder in saves/`);
  }
  return world;
}

function checkedStash(stash: string): string {
  if (!/^stash\/\d+$/.test(stash)) {
    throw new OutsideRootError(`Refusing to use stash "${stash}": it is not a folder in .cloud-sync/stash/`);
  }
  return stash;
}

/** Removes the stash once the merged state is recorded. */
export async function dropStash(inst: Instance): Promise<void> {
  await Deno.remove(join(inst.paths.configDir, "stash"), { recursive: true }).catch(() => {});
}
