/** A small Minecraft-like pack folder and the restic inputs the sync engine would generate for it. */
import { join } from "node:path";
import { writeTree } from "./tmp.ts";

export interface TestPack {
  /** The pack folder (restic's cwd for backup). */
  dir: string;
  filesFrom: string;
  excludeFile: string;
}

/** Files in scope, by pack-relative path. */
export const PACK_FILES: Record<string, string> = {
  "saves/World/level.dat": "level-data",
  "saves/World/region/r.0.0.mca": "region".repeat(1000),
  "options.txt": "fov:70\n",
};

/** Writes a pack under `root/pack` (plus an excluded log and session.lock) and its restic inputs. */
export async function makePack(
  root: string,
  extra: Record<string, string | Uint8Array> = {},
): Promise<TestPack> {
  const dir = join(root, "pack");
  await writeTree(dir, {
    ...PACK_FILES,
    "logs/latest.log": "log line\n",
    "saves/World/session.lock": "lock",
    ...extra,
  });
  const filesFrom = join(root, "files-from.txt");
  const excludeFile = join(root, "exclude-from.txt");
  await Deno.writeTextFile(filesFrom, "saves\noptions.txt\nservers.dat\n");
  await Deno.writeTextFile(excludeFile, "**/session.lock\n*.tmp\nlogs\n");
  return { dir, filesFrom, excludeFile };
}

/** All regular files below `dir`, pack-relative, sorted. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await listFiles(dir, rel));
    else if (e.isFile) out.push(rel);
  }
  return out.sort();
}
