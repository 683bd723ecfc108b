import { UsageError } from "../errors.ts";
import type { WorldInfo } from "./worlds.ts";

/**
 * Finds the world a player means by `--world`: a folder name (`My Base`, `saves/My Base`), exact, then
 * ignoring case, then the in-game name of a world on this computer. `folders` are the "saves/<name>"
 * folders known from history and from disk. A name that fits none, or several, is a usage error.
 */
export function resolveWorld(query: string, folders: Iterable<string>, local: readonly WorldInfo[]): string {
  const name = query.trim().replace(/^saves[\\/]/, "").replace(/[\\/]+$/, "");
  const all = [...new Set([...folders, ...local.map((w) => w.folder)])].sort();
  if (name === "") throw new UsageError(`--world is empty; give a world's folder or name`);
  const exact = all.find((f) => f === `saves/${name}`);
  if (exact) return exact;
  const lower = name.toLowerCase();
  let hits = all.filter((f) => f.slice(6).toLowerCase() === lower);
  if (hits.length === 0) {
    hits = local.filter((w) => w.info?.levelName.toLowerCase() === lower).map((w) => w.folder);
  }
  if (hits.length === 1) return hits[0];
  const list = all.slice(0, 12).map((f) => `"${f.slice(6)}"`).join(", ") + (all.length > 12 ? ", …" : "");
  throw new UsageError(
    hits.length > 1
      ? `--world "${query}" fits several worlds: ${hits.map((f) => `"${f.slice(6)}"`).join(", ")}`
      : `--world "${query}" is not a world of this instance`,
    all.length ? `Worlds: ${list}` : "This instance has no worlds yet",
  );
}
