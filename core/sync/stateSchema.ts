/**
 * state.json's schema, in a module of its own: a hook that reads a receipted state.json
 * (core/config/receipts.ts) never loads zod.
 */
import { z } from "zod";

/** A snapshot this instance synced with. */
export const SnapshotRefSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/, "must be a 64-character snapshot id"),
  time: z.string(),
  host: z.string(),
});
export type SnapshotRef = z.infer<typeof SnapshotRefSchema>;

/** `path → [size, mtimeMs]` of every in-scope file (relative, forward slashes). */
export type Manifest = Record<string, [number, number]>;

/** A ".." path part, with either separator. */
const DOT_DOT_PART = /(^|[\\/])\.\.([\\/]|$)/;

/**
 * Checked by hand rather than with `z.record(z.tuple(…))`: the manifest holds thousands of entries and
 * is read on every hook run, where zod's per-entry machinery costs more than the rest of the check.
 */
export const ManifestSchema: z.ZodType<Manifest> = z.unknown().transform((value, ctx): Manifest => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "must be an object of path → [size, mtime]" });
    return z.NEVER;
  }
  const entries = value as Record<string, unknown>;
  // for…in and one regex per path, not Object.entries and split: 30,000 entries cost ~80 ms that way.
  for (const path in entries) {
    const entry = entries[path];
    // A path outside the pack folder can never be in scope: refuse it rather than diff against it.
    const problem = path === "" || /^([\\/]|[A-Za-z]:)/.test(path)
      ? "must be a relative path"
      : DOT_DOT_PART.test(path)
      ? 'must not contain ".."'
      : !Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "number" ||
          typeof entry[1] !== "number"
      ? "must be [size, mtime]"
      : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem, path: [path] });
      return z.NEVER;
    }
  }
  return value as Manifest;
});

/** `saves/<one folder name>`: every world path in state.json names a folder directly in saves/. */
const WorldFolderSchema = z.string().regex(/^saves\/[^/\\\0]+$/, 'must be "saves/<world folder>"')
  .refine((w) => w !== "saves/.." && w !== "saves/.", 'must be "saves/<world folder>"');

/**
 * The journal entry of a restore in progress. Until it is cleared, the folder may be half restored:
 * pull finishes it first, push refuses (docs/contract.md#sync-semantics, I3).
 */
export const PendingSchema = z.object({
  op: z.literal("restore"),
  snapshot: SnapshotRefSchema,
  /** Why: a fast-forward pull, a conflict resolved with use-cloud, or a `restore` command. */
  reason: z.enum(["pull", "use-cloud", "restore"]),
  startedAt: z.string(),
  /** The side copy made first (conflict-backup / pre-restore), if any. */
  backup: z.string().nullable().optional(),
  /** Worlds to take from this computer after the restore (copies stashed in `.cloud-sync/stash/`). */
  merge: z.array(z.object({
    world: WorldFolderSchema,
    choice: z.enum(["local", "both"]),
    /** Folder under `.cloud-sync/`, or null when this computer deleted the world. */
    stash: z.string().regex(/^stash\/\d+$/, 'must be "stash/<number>"').nullable(),
    /** A folder name in saves/ (no separator, not "." or ".."). */
    newFolder: z.string().regex(/^(?!\.{1,2}$)[^/\\\0]+$/, "must be one folder name").optional(),
    displayName: z.string().optional(),
  })).optional(),
  /**
   * A one-world restore (`restore --world`): only this folder ("saves/<name>") is restored and cleaned,
   * and the base stays, so the restored world is a local change the next push uploads.
   */
  world: WorldFolderSchema.optional(),
  /**
   * The in-scope files before the restore wrote anything. Finishing an interrupted restore compares
   * the folder against it and the snapshot: anything else is the player's later work (docs/reliability.md).
   */
  before: ManifestSchema.optional(),
});
export type Pending = z.infer<typeof PendingSchema>;

export const StateSchema = z.looseObject({
  version: z.literal(1),
  base: SnapshotRefSchema.nullable(),
  baseManifest: ManifestSchema,
  known: z.array(z.string()),
  pending: PendingSchema.nullable(),
  /** Set by keep-local: the cloud head the next push supersedes (its parent tag). */
  supersede: SnapshotRefSchema.nullable().optional(),
  /** The account's instance directory lists this instance (core/directory): pushes skip recording it. */
  listed: z.boolean().optional(),
  /**
   * The repository this instance synced with, remembered at the first sync that opened it: its
   * config id (another id at the same address is refused) and which password opens it.
   */
  repository: z.object({
    id: z.string().regex(/^[0-9a-f]{64}$/, "must be a 64-character repository id"),
    protection: z.enum(["protected", "server-readable"]),
  }).optional(),
});
export type State = z.infer<typeof StateSchema>;
