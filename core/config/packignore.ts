import { basename, dirname, join } from "../fs/path.ts";
import { exists, readTextOrNull, writeFileAtomic } from "../fs/atomic.ts";
import { CONFIG_DIR } from "./paths.ts";

/** What `ensurePackIgnore` did. */
export type PackIgnoreResult =
  | { kind: "not-a-launcher-instance" }
  | { kind: "created" | "added" | "already-there"; file: string; entry: string }
  | { kind: "failed"; file: string; entry: string; error: string };

/**
 * Keeps the token out of exported packs (docs/contract.md#identity): Prism Launcher and MultiMC export an instance's
 * whole root except `logs/`, `crash-reports/` and the lines of `<instance root>/.packignore` (paths
 * relative to the root). When the pack folder's parent holds `instance.cfg`, it is such a root, and
 * `<pack folder name>/.cloud-sync` (e.g. `.minecraft/.cloud-sync`) is added unless a line already
 * names it. Existing lines are kept as they are. Never throws: a file that cannot be written is
 * reported as `failed`, for the caller to warn about.
 */
export async function ensurePackIgnore(packFolder: string): Promise<PackIgnoreResult> {
  const root = dirname(packFolder);
  if (root === packFolder || !(await exists(join(root, "instance.cfg")).catch(() => false))) {
    return { kind: "not-a-launcher-instance" };
  }
  const file = join(root, ".packignore");
  const entry = `${basename(packFolder)}/${CONFIG_DIR}`;
  try {
    const text = await readTextOrNull(file);
    if (text !== null && text.split(/\r?\n/).some((line) => sameEntry(line, entry))) {
      return { kind: "already-there", file, entry };
    }
    const prefix = text === null || text === "" || text.endsWith("\n") ? (text ?? "") : text + "\n";
    await writeFileAtomic(file, `${prefix}${entry}\n`);
    return { kind: text === null ? "created" : "added", file, entry };
  } catch (e) {
    return { kind: "failed", file, entry, error: (e as Error).message };
  }
}

/**
 * What `ensurePackIgnore` would add, without writing: the file and the missing line, or null when
 * the pack folder is not a Prism/MultiMC game folder or the line is there. Throws when the file
 * cannot be read.
 */
export async function missingPackIgnoreEntry(
  packFolder: string,
): Promise<{ file: string; entry: string } | null> {
  const root = dirname(packFolder);
  if (root === packFolder || !(await exists(join(root, "instance.cfg")).catch(() => false))) return null;
  const file = join(root, ".packignore");
  const entry = `${basename(packFolder)}/${CONFIG_DIR}`;
  const text = await readTextOrNull(file);
  return text !== null && text.split(/\r?\n/).some((line) => sameEntry(line, entry)) ? null : { file, entry };
}

/** `.minecraft/.cloud-sync`, `./.minecraft/.cloud-sync/` and `.minecraft\.cloud-sync` name the same folder. */
function sameEntry(line: string, entry: string): boolean {
  const norm = (s: string) => s.trim().replaceAll("\\", "/").replace(/^\.\//, "").replace(/\/+$/, "");
  return norm(line) === entry;
}

/** A one-line message for the result, or null when there is nothing to say. */
export function describePackIgnore(r: PackIgnoreResult): { warn: boolean; message: string } | null {
  switch (r.kind) {
    case "not-a-launcher-instance":
    case "already-there":
      return null;
    case "created":
    case "added":
      return {
        warn: false,
        message: `${r.kind === "created" ? "created" : "added a line to"} "${r.file}": ` +
          `"${r.entry}" (keeps the token out of exported instances)`,
      };
    case "failed":
      return {
        warn: true,
        message: `Cannot add "${r.entry}" to "${r.file}" (${r.error}); ` +
          "an exported instance would include the token: add that line by hand",
      };
  }
}
