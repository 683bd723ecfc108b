/**
 * The one gate for every remove, copy and rename whose target comes from a file another computer or
 * a crafted `.cloud-sync` file could shape (docs/hostile-input.md): the target must stay inside `root` (the
 * pack folder, or `saves/` for world operations) once `..` and links are resolved. A world folder
 * `../victim` in state.json, a world-index key `saves/..`, or a `saves` that is a link to elsewhere is
 * refused before anything is touched.
 */
import { dirname, isAbsolute, join, sep } from "./path.ts";
import { ExitCode, SyncError } from "../errors.ts";

/** A target that leaves its root: refused (exit 2), nothing changed. */
export class OutsideRootError extends SyncError {
  constructor(message: string) {
    super(
      message,
      ExitCode.usage,
      "Nothing was changed; a file that names this path was made by hand or by an attacker",
    );
  }
}

/**
 * True for a world folder as this program names one: `saves/<one folder name>`, the name neither
 * `.` nor `..` and without a separator.
 */
export function isWorldFolder(folder: string): boolean {
  if (!folder.startsWith("saves/")) return false;
  const name = folder.slice(6);
  return name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name);
}

/** True for a pack-relative path without `..`, a root, a drive or an empty part. */
export function isPlainRelative(rel: string): boolean {
  if (rel === "" || isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.includes("\0")) return false;
  return rel.split(/[\\/]/).every((part) => part !== "" && part !== "." && part !== "..");
}

/**
 * The absolute path of `rel` under `root`, after checking that it stays there: `rel` is a plain
 * relative path, and the folder that holds the target, with every link resolved, is `root` or inside
 * it. The target itself is not followed: removing a link removes the link. `what` names the path in
 * the error ("world folder", "file").
 */
export async function containedPath(root: string, rel: string, what: string): Promise<string> {
  if (!isPlainRelative(rel)) {
    throw new OutsideRootError(`Refusing to change ${what} "${rel}": it is not a path inside "${root}"`);
  }
  const target = join(root, rel);
  const realRoot = await Deno.realPath(root);
  const holder = await nearestReal(dirname(target));
  if (holder !== realRoot && !holder.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw new OutsideRootError(
      `Refusing to change ${what} "${rel}": it resolves to "${holder}", outside "${realRoot}"`,
    );
  }
  return target;
}

/** The real path of `path`, or of its nearest existing ancestor (with the missing rest appended). */
async function nearestReal(path: string): Promise<string> {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    try {
      const real = await Deno.realPath(at);
      return missing.length ? join(real, ...missing.reverse()) : real;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      const up = dirname(at);
      if (up === at) throw e;
      missing.push(at.slice(up.length).replace(/^[\\/]+/, ""));
      at = up;
    }
  }
}

/** Removes `rel` under `root` (recursively when asked) after `containedPath`'s check; a missing one is fine. */
export async function removeContained(
  root: string,
  rel: string,
  what: string,
  options: { recursive?: boolean } = {},
): Promise<void> {
  const target = await containedPath(root, rel, what);
  await Deno.remove(target, options).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
}
