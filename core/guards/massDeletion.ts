/**
 * The mass-deletion guard: a blank or half-synced folder must never silently wipe the other side.
 * A push that would remove most of the base snapshot's files (or every world), or a pull that would
 * delete most local files, stops and says what it would remove.
 */
import type { Manifest } from "../sync/state.ts";
import { worldOf } from "../worlds/worlds.ts";

/** Below this many files in `before`, the ratio rule stays quiet (removing 2 of 3 files is normal). */
export const MIN_FILES_FOR_RATIO = 4;
/** Most world names a message lists. */
const NAMES_SHOWN = 5;

export interface MassDeletionInput {
  /** What exists now on the side that would lose files (the base snapshot's manifest, or the local one). */
  before: Manifest;
  /** What that side would hold afterwards. */
  after: Manifest;
  /** Fraction of `before`'s files whose removal trips the guard; more than this trips it. Default 0.5. */
  threshold?: number;
  /** Where the files would be removed, for the message: e.g. "the cloud", "this computer". */
  where?: string;
}

export interface MassDeletion {
  removed: number;
  total: number;
  /** World folders ("saves/<name>") that had files before and have none after, sorted. */
  worldsRemoved: string[];
  /** Every world that existed before is gone (and there was at least one). */
  allWorldsGone: boolean;
  /** One line for people; names `--allow-mass-delete`. */
  message: string;
}

/**
 * Null when the change is ordinary; otherwise what would be removed. Pure: compares two manifests.
 *
 * @example
 * const hit = checkMassDeletion({ before: base, after: local, where: "the cloud" });
 * if (hit && !opts.allowMassDelete) throw new ConflictError(hit.message);
 */
export function checkMassDeletion(input: MassDeletionInput): MassDeletion | null {
  const { before, after, threshold = 0.5 } = input;
  const paths = Object.keys(before);
  const total = paths.length;
  const removed = paths.filter((p) => !Object.hasOwn(after, p)).length;

  const worldsBefore = new Set(paths.map(worldOf).filter((w): w is string => w !== null));
  const worldsAfter = new Set(Object.keys(after).map(worldOf));
  const worldsRemoved = [...worldsBefore].filter((w) => !worldsAfter.has(w)).sort();
  const allWorldsGone = worldsBefore.size > 0 && worldsRemoved.length === worldsBefore.size;

  const tooMany = total >= MIN_FILES_FOR_RATIO && removed / total > threshold;
  if (!tooMany && !allWorldsGone) return null;
  return {
    removed,
    total,
    worldsRemoved,
    allWorldsGone,
    message: describe(removed, total, worldsRemoved, allWorldsGone, input.where),
  };
}

function describe(removed: number, total: number, worlds: string[], all: boolean, where?: string): string {
  const percent = Math.round((removed / total) * 100);
  let text = `This would remove ${removed} of ${total} synced files (${percent}%)`;
  if (where) text += ` from ${where}`;
  if (worlds.length > 0) {
    const names = worlds.slice(0, NAMES_SHOWN).map((w) => `"${w.slice("saves/".length)}"`);
    if (worlds.length > NAMES_SHOWN) names.push(`${worlds.length - NAMES_SHOWN} more`);
    const what = all
      ? (worlds.length === 1 ? "the only world" : `every world (${worlds.length})`)
      : (worlds.length === 1 ? "the world" : `${worlds.length} worlds`);
    text += `, including ${what}: ${names.join(", ")}`;
  }
  return `${text}; run again with --allow-mass-delete if that is intended`;
}
