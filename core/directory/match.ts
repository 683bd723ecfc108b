import { UsageError } from "../errors.ts";
import type { DirectoryEntry } from "./directory.ts";

/**
 * Picks the instance `init --join=<value>` means: an exact instance id, else an exact label (case
 * ignored), else a unique id prefix. Nothing or several matching is a UsageError (exit 2) that lists
 * what matched, or every instance when nothing did, so the player can retry with an id.
 */
export function matchInstance(entries: readonly DirectoryEntry[], value: string): DirectoryEntry {
  const wanted = value.trim();
  if (wanted === "") throw new UsageError("--join must not be empty");
  const byId = entries.filter((e) => e.instance_id === wanted.toUpperCase());
  if (byId.length === 1) return byId[0];
  const byLabel = entries.filter((e) => e.label.toLowerCase() === wanted.toLowerCase());
  if (byLabel.length === 1) return byLabel[0];
  const byPrefix = entries.filter((e) => e.instance_id.startsWith(wanted.toUpperCase()));
  const matches = byLabel.length > 1 ? byLabel : byPrefix;
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new UsageError(
      `--join "${wanted}" matches ${matches.length} instances: ${describe(matches)}`,
      "Pass the instance id (or a longer prefix of it) instead",
    );
  }
  throw new UsageError(
    `--join "${wanted}" matches no instance of this account` +
      (entries.length ? `; it has: ${describe(entries)}` : ": it has none yet"),
    entries.length
      ? "Pass a label or id from the list (`instance-sync instances` shows them)"
      : "Run `instance-sync init` (without --join) and `push` on the first computer",
  );
}

function describe(entries: readonly DirectoryEntry[]): string {
  return entries.map((e) => `"${e.label}" (${e.instance_id})`).join(", ");
}
