import { join } from "../fs/path.ts";
import { exists } from "../fs/atomic.ts";
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
    const source = join(inst.packFolder, world);
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
    const stash = step.stash ? join(inst.paths.configDir, step.stash) : null;
    const target = join(inst.packFolder, step.world);
    if (step.choice === "local") {
      await Deno.remove(target, { recursive: true }).catch((e) => {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      });
      if (stash) await copyTree(stash, target);
    } else if (stash && step.newFolder) {
      if (await exists(join(inst.packFolder, "saves", step.newFolder))) continue;
      await copyWorldAs(inst.packFolder, stash, step.newFolder, step.displayName ?? step.newFolder);
    }
  }
}

/** Removes the stash once the merged state is recorded. */
export async function dropStash(inst: Instance): Promise<void> {
  await Deno.remove(join(inst.paths.configDir, "stash"), { recursive: true }).catch(() => {});
}
