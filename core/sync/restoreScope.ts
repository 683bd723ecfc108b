/**
 * A restore writes only what this instance syncs (docs/hostile-input.md). Before restic restores a snapshot
 * into the pack folder, its tree is checked: every entry must be one of the scope's include roots, lie
 * inside one, or be a folder on the way to one. Anything else (`.cloud-sync/restic-0.19.1`,
 * `mods/evil.jar`) refuses the whole snapshot with nothing written: a snapshot this program made never
 * holds such a path, so one that does was forged or made by another tool. A root that is a link
 * (`saves` → elsewhere) is refused too: the files written through it would land outside the folder.
 *
 * The in-process reader reads only the trees on the way to the roots (a few blobs); other backends,
 * or a reader that cannot answer, list the snapshot (`restic ls`). restic also gets the roots as
 * `--include` patterns: a second fence should this check ever miss a path.
 */
import { ExitCode, SyncError } from "../errors.ts";
import { CONFIG_DIR } from "../config/paths.ts";
import type { Instance } from "./instance.ts";

/** The snapshot holds something this instance does not sync: nothing was restored (exit 2). */
export class SnapshotScopeError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

type Place = "inside" | "on-the-way" | "outside";

/** Where a snapshot entry stands against the include roots. */
export function placeOf(path: string, type: string, roots: readonly string[]): Place {
  if (path === CONFIG_DIR || path.startsWith(`${CONFIG_DIR}/`)) return "outside";
  for (const root of roots) {
    if (path === root) return type === "symlink" ? "outside" : "inside";
    if (path.startsWith(`${root}/`)) return "inside";
  }
  if (type === "dir" && roots.some((root) => root.startsWith(`${path}/`))) return "on-the-way";
  return "outside";
}

const checked = new WeakMap<Instance, Set<string>>();

/**
 * Throws `SnapshotScopeError` unless every entry of snapshot `id` is inside the scope (see above).
 * Remembered per run: finishing the journal of a checked restore does not read the trees again.
 */
export async function checkSnapshotScope(inst: Instance, id: string, host: string): Promise<void> {
  const done = checked.get(inst) ?? new Set<string>();
  checked.set(inst, done);
  if (done.has(id)) return;
  const roots = inst.scope.include.map((r) => r.replaceAll("\\", "/").replace(/\/+$/, ""));
  const outside = await firstOutside(inst, id, roots);
  if (outside !== null && roots.includes(outside)) {
    throw new SnapshotScopeError(
      `Snapshot ${id.slice(0, 8)} from ${JSON.stringify(host)} holds ${JSON.stringify(outside)} as a link, ` +
        `which is never restored (files written through it could land outside the pack folder); nothing was restored`,
      `On the computer that uploaded it, replace the link "${outside}" with a real folder, then push again`,
    );
  }
  if (outside !== null) {
    throw new SnapshotScopeError(
      `Snapshot ${id.slice(0, 8)} from ${JSON.stringify(host)} holds ${JSON.stringify(outside)}, ` +
        `outside what this instance syncs (${roots.join(", ")}); nothing was restored`,
      outside === CONFIG_DIR || outside.startsWith(`${CONFIG_DIR}/`)
        ? `No snapshot this program makes holds ${CONFIG_DIR}/: the repository holds a forged snapshot`
        : `If another computer syncs more on purpose, add "${outside.split("/")[0]}" to "include" in ` +
          `${CONFIG_DIR}/scope.json here too`,
    );
  }
  done.add(id);
}

async function firstOutside(inst: Instance, id: string, roots: readonly string[]): Promise<string | null> {
  const top = await inst.snapshotChildren(id, "");
  if (top === undefined) {
    // No in-process reader (another backend, or it could not answer): restic lists the snapshot.
    for (const e of await inst.snapshotEntries(id)) {
      if (placeOf(e.path, e.type, roots) === "outside") return e.path;
    }
    return null;
  }
  const visit = async (folder: string, entries: { name: string; type: string }[]): Promise<string | null> => {
    for (const e of entries) {
      const path = folder ? `${folder}/${e.name}` : e.name;
      const place = placeOf(path, e.type, roots);
      if (place === "outside") return path;
      if (place === "on-the-way") {
        const below = await inst.snapshotChildren(id, path);
        const found = below ? await visit(path, below) : null;
        if (found !== null) return found;
      }
    }
    return null;
  };
  return top === null ? null : await visit("", top);
}
