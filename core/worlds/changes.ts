/**
 * Which worlds a snapshot changed, from what is at hand: for a push, the manifest diff since the base
 * and the local level.dat files; for an older snapshot, the listing of it and of its parent, reduced to
 * one fingerprint per world (so a snapshot's listing is needed once, then cached).
 */
import { join } from "../fs/path.ts";
import type { Manifest } from "../sync/state.ts";
import type { ManifestDiff } from "../sync/manifest.ts";
import { readLevelDat } from "./levelDat.ts";
import type { WorldRecord } from "./tags.ts";
import { groupByWorld, OTHER_FILES, worldOf } from "./worlds.ts";

/** One world folder as a snapshot holds it: enough to tell whether it changed, and its size. */
export interface WorldPrint {
  /** A hash of the world's (path, size, mtime) list. */
  hash: string;
  bytes: number;
  /** level.dat's mtime (ms): when the game last saved the world. */
  levelMtime?: number;
}

/** Per world folder, its fingerprint in `manifest`. */
export function worldPrints(manifest: Manifest): Record<string, WorldPrint> {
  const out: Record<string, WorldPrint> = {};
  const byWorld = groupByWorld(Object.keys(manifest));
  byWorld.delete(OTHER_FILES);
  for (const [folder, paths] of byWorld) {
    paths.sort();
    let bytes = 0;
    // FNV-1a over the entries: a fingerprint to compare, not a security boundary.
    let h = 0x811c9dc5;
    for (const p of paths) {
      const [size, mtime] = manifest[p];
      bytes += size;
      // whole seconds: some file systems and restic listings keep no milliseconds
      h = fnv1a(h, `${p}\0${size}\0${Math.floor(mtime / 1000)}\n`);
    }
    const level = manifest[`${folder}/level.dat`];
    out[folder] = {
      hash: `${h.toString(16)}-${paths.length}`,
      bytes,
      ...(level ? { levelMtime: level[1] } : {}),
    };
  }
  return out;
}

/**
 * FNV-1a over the code points of `text`, continuing from `h`. Index-based: iterating a string with
 * for…of makes one string per character, and `history` hashes every path of a snapshot this way.
 */
export function fnv1a(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++; // the low surrogate is part of this code point
    h ^= c;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The world changes between a parent's prints (null: no parent, every world is new) and a snapshot's. */
export function diffPrints(
  parent: Record<string, WorldPrint> | null,
  now: Record<string, WorldPrint>,
): WorldRecord[] {
  const out: WorldRecord[] = [];
  for (const [folder, p] of Object.entries(now)) {
    const old = parent?.[folder];
    if (old && old.hash === p.hash) continue;
    out.push({
      folder,
      change: old ? "changed" : "added",
      bytes: p.bytes,
      ...(p.levelMtime !== undefined ? { lastPlayed: p.levelMtime } : {}),
    });
  }
  for (const folder of Object.keys(parent ?? {})) {
    if (!(folder in now)) out.push({ folder, change: "removed", bytes: 0 });
  }
  return out.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/**
 * The world records of a push: worlds with added, changed or removed files since the base. Last played
 * and version come from the local level.dat (a few small reads, only for worlds that changed).
 */
export async function pushRecords(
  packFolder: string,
  diff: ManifestDiff,
  local: Manifest,
): Promise<WorldRecord[]> {
  const touched = new Set<string>();
  for (const p of [...diff.added, ...diff.changed, ...diff.removed]) {
    const w = worldOf(p);
    if (w) touched.add(w);
  }
  if (touched.size === 0) return [];
  // One pass over the manifest (no fingerprints: push needs only sizes, and hooks run on every exit).
  const added = new Set(diff.added);
  const bytes = new Map<string, number>();
  const inBase = new Set<string>(); // a world that lost files, or still has files that are not new
  for (const p of diff.removed) inBase.add(worldOf(p)!);
  for (const [p, [size]] of Object.entries(local)) {
    const w = worldOf(p);
    if (!w || !touched.has(w)) continue;
    bytes.set(w, (bytes.get(w) ?? 0) + size);
    if (!added.has(p)) inBase.add(w);
  }
  const records: WorldRecord[] = [];
  for (const folder of [...touched].sort()) {
    if (!bytes.has(folder)) {
      records.push({ folder, change: "removed", bytes: 0 });
      continue;
    }
    const info = await readLevelDat(join(packFolder, folder, "level.dat"));
    records.push({
      folder,
      change: inBase.has(folder) ? "changed" : "added",
      bytes: bytes.get(folder)!,
      ...(info?.lastPlayed ? { lastPlayed: info.lastPlayed } : {}),
      ...(info?.versionName ? { version: info.versionName } : {}),
    });
  }
  return records;
}
