import { join } from "../../core/fs/path.ts";
import type { BrowserQuestion } from "./question.ts";

/** The largest `icon.png` served (Minecraft writes 64×64 PNGs of a few KiB). */
export const MAX_ICON_BYTES = 256 * 1024;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The world icons the page may show, by world index in the question. */
export interface WorldIcons {
  has(index: number): boolean;
  /** The icon's bytes, or null when it is gone, grew too large or is not a PNG. */
  read(index: number): Promise<Uint8Array<ArrayBuffer> | null>;
}

/**
 * The `icon.png` of each conflicting world's local folder: a regular file (not a link), at most
 * `MAX_ICON_BYTES`. Only folders directly under `saves/` are looked at, so a world name from the cloud
 * cannot point the server at any other file.
 */
export async function worldIcons(packFolder: string, q: BrowserQuestion): Promise<WorldIcons> {
  const paths = new Map<number, string>();
  if (q.kind === "conflict") {
    await Promise.all(q.description.worlds.map(async (w, i) => {
      if (!/^saves\/[^/\\]+$/.test(w.folder) || w.folder === "saves/.." || w.folder === "saves/.") return;
      const path = join(packFolder, w.folder, "icon.png");
      if (await smallFile(path)) paths.set(i, path);
    }));
  }
  return {
    has: (i) => paths.has(i),
    async read(i) {
      const path = paths.get(i);
      if (!path || !(await smallFile(path))) return null;
      try {
        const bytes = await Deno.readFile(path);
        if (bytes.length > MAX_ICON_BYTES || !PNG_MAGIC.every((b, k) => bytes[k] === b)) return null;
        return bytes;
      } catch {
        return null;
      }
    },
  };
}

async function smallFile(path: string): Promise<boolean> {
  try {
    const info = await Deno.lstat(path);
    return info.isFile && info.size <= MAX_ICON_BYTES;
  } catch {
    return false;
  }
}
