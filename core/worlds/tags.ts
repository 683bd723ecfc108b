/**
 * Per-world change tags: `push` records in the snapshot itself which worlds it added, changed or
 * removed, so `history --world` needs no `restic ls`. restic splits `--tag` values at commas and trims
 * nothing else, but a world folder may hold any character (commas, spaces, "=", emoji): the folder name
 * is stored as base64url of its UTF-8 bytes, and the game version percent-encoded.
 *
 * Tag layout: `world=<a|c|r>:<base64url folder name>:<last played ms>:<version>:<bytes>` (empty fields
 * for what is unknown), plus `worlds-recorded` on every snapshot that carries them: a snapshot with that
 * marker and no `world=` tag changed no world, while one without it is described from restic's listing.
 */
import { isWorldFolder } from "../fs/contained.ts";

/** What happened to a world in a snapshot, relative to its parent. */
export type WorldChangeKind = "added" | "changed" | "removed";

/** One world's change in one snapshot. */
export interface WorldRecord {
  /** "saves/<name>". */
  folder: string;
  change: WorldChangeKind;
  /** level.dat `LastPlayed` (ms), or its file time for snapshots described from the listing. */
  lastPlayed?: number;
  /** `Data.Version.Name`, e.g. "1.21.4". */
  version?: string;
  /** Bytes of the world's files in that snapshot (0 when removed). */
  bytes?: number;
}

export const TAG_WORLDS_RECORDED = "worlds-recorded";
const PREFIX = "world=";
const CODES: Record<WorldChangeKind, string> = { added: "a", changed: "c", removed: "r" };
const KINDS: Record<string, WorldChangeKind> = { a: "added", c: "changed", r: "removed" };

function b64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function unb64url(text: string): string | null {
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The tags of a snapshot that records `records` (always includes the `worlds-recorded` marker). */
export function worldTags(records: readonly WorldRecord[]): string[] {
  const tags = [TAG_WORLDS_RECORDED];
  for (const r of records) {
    const name = r.folder.slice("saves/".length);
    const fields = [
      CODES[r.change],
      b64url(name),
      r.lastPlayed !== undefined ? String(Math.round(r.lastPlayed)) : "",
      r.version !== undefined ? encodeURIComponent(r.version) : "",
      r.bytes !== undefined ? String(r.bytes) : "",
    ];
    tags.push(PREFIX + fields.join(":"));
  }
  return tags;
}

/**
 * The world records of a snapshot's tags; null when the snapshot records none (made before this
 * feature or by another tool, a side copy made before side copies recorded them, or a push superseding
 * another head than its base): then only its listing can tell. Tags that do not parse are skipped.
 */
export function parseWorldTags(tags: readonly string[] | null | undefined): WorldRecord[] | null {
  if (!tags?.includes(TAG_WORLDS_RECORDED)) return null;
  const out: WorldRecord[] = [];
  for (const tag of tags) {
    if (!tag.startsWith(PREFIX)) continue;
    const [code, name, lastPlayed, version, bytes] = tag.slice(PREFIX.length).split(":");
    const change = KINDS[code];
    const folderName = name ? unb64url(name) : null;
    // A tag is written by whoever can write the repository: a name that is no single folder in saves/
    // ("..", "a\\b") is ignored, never turned into a path.
    if (!change || !folderName || !isWorldFolder(`saves/${folderName}`)) continue;
    const record: WorldRecord = { folder: `saves/${folderName}`, change };
    if (lastPlayed && /^\d+$/.test(lastPlayed)) record.lastPlayed = Number(lastPlayed);
    if (version) {
      try {
        record.version = decodeURIComponent(version);
      } catch { /* a damaged field: leave it out */ }
    }
    if (bytes && /^\d+$/.test(bytes)) record.bytes = Number(bytes);
    out.push(record);
  }
  return out.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}
