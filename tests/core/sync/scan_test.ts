/**
 * The manifest scan's fast paths (folder entries instead of a stat per folder, exclude patterns that
 * test only the last component) must see exactly what a plain recursive lstat walk sees.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ExcludeMatcher } from "../../../core/sync/exclude.ts";
import { scanManifest } from "../../../core/sync/manifest.ts";
import type { Manifest } from "../../../core/sync/state.ts";
import { tempDir, writeTree } from "../../helpers/tmp.ts";

/** The reference: lstat everything, match every path with the general matcher, no shortcuts. */
function slowScan(pack: string, include: string[], exclude: string[]): Manifest {
  const m = new ExcludeMatcher(exclude);
  const out: Manifest = {};
  const walk = (rel: string) => {
    if (m.excludes(rel)) return;
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(join(pack, rel));
    } catch {
      return;
    }
    if (info.isDirectory) { for (const e of Deno.readDirSync(join(pack, rel))) walk(`${rel}/${e.name}`); }
    else out[rel] = [info.isSymlink ? 0 : info.size, Math.floor(info.mtime!.getTime())];
  };
  for (const r of include) walk(r);
  return out;
}

Deno.test("scanManifest sees what a plain lstat walk sees: files, symlinks, excluded names at any depth", async () => {
  await using tmp = await tempDir();
  await writeTree(tmp.path, {
    "saves/W/level.dat": "l",
    "saves/W/session.lock": "x",
    "saves/W/region/r.0.0.mca": "rrrr",
    "saves/W/region/r.0.0.mca.tmp": "t",
    "saves/W/logs/keep.txt": "a folder named like an exclude is skipped whole",
    "saves/logs.txt": "not excluded: the name must match whole",
    "options.txt": "o",
    "screenshots/a.png": "p",
  });
  await Deno.symlink("level.dat", join(tmp.path, "saves/W/link.dat"));
  const include = ["saves", "options.txt", "screenshots", "missing"];
  const exclude = ["**/session.lock", "*.tmp", "logs", "/screenshots/a.png"];
  const fast = await scanManifest(tmp.path, { include, exclude });
  assert.deepEqual(fast, slowScan(tmp.path, include, exclude));
  assert.deepEqual(Object.keys(fast).sort(), [
    "options.txt",
    "saves/W/level.dat",
    "saves/W/link.dat",
    "saves/W/region/r.0.0.mca",
    "saves/logs.txt",
  ]);
  assert.equal(fast["saves/W/link.dat"][0], 0, "a symlink is recorded, not followed");
});

Deno.test("ExcludeMatcher's one-component fast path agrees with the general matcher", () => {
  const fast = new ExcludeMatcher(["**/session.lock", "*.tmp", "logs", "crash-reports", "[ab]?.dat"]);
  // What the general matcher answered for these paths before the fast path existed.
  const paths = [
    "saves/W/session.lock",
    "session.lock",
    "saves/W/r.mca.tmp",
    "logs",
    "saves/logs",
    "saves/logs/x",
    "crash-reports",
    "saves/a1.dat",
    "saves/c1.dat",
    "saves/W/level.dat",
    "catalogs",
  ];
  const want = [true, true, true, true, true, false, true, true, false, false, false];
  assert.deepEqual(paths.map((p) => fast.excludes(p)), want);
});
