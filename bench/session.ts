/**
 * What one play session changes, applied identically in layout (same files, offsets and sizes) but
 * with fresh random contents, so two folders given the same `run` need the same work from restic:
 * a few region files rewritten in places (Minecraft writes chunks in place, sizes stay), the worlds'
 * level.dat, one player's data and stats, and new small files in data/.
 */
import { join } from "node:path";
import { randomBytes, regionFiles, type Shape } from "./instance.ts";

export const CHANGED_REGIONS = 3;
const PATCHES_PER_REGION = 4;
const PATCH_BYTES = 128 * 1024;
const NEW_SMALL_FILES = 20;

export interface Change {
  files: number;
  bytes: number;
}

/** Applies session number `run` to the instance in `dir`. */
export async function applySessionChange(dir: string, shape: Shape, run: number): Promise<Change> {
  let files = 0;
  let bytes = 0;
  const worldsTouched = new Set<number>();
  for (let j = 0; j < CHANGED_REGIONS; j++) {
    const w = (run + j) % shape.worlds;
    const regions = regionFiles(shape, w);
    if (regions.length === 0) continue;
    const region = regions[(run * 7 + j * 3) % regions.length];
    worldsTouched.add(w);
    using file = await Deno.open(join(dir, region.path), { write: true });
    for (let p = 0; p < PATCHES_PER_REGION; p++) {
      const slots = Math.max(1, Math.floor((region.size - PATCH_BYTES) / 4096));
      const offset = ((run * 131 + j * 17 + p * 29) % slots) * 4096;
      await file.seek(offset, Deno.SeekMode.Start);
      await writeAll(file, randomBytes(Math.min(PATCH_BYTES, region.size - offset)));
    }
    files++;
    bytes += PATCHES_PER_REGION * PATCH_BYTES;
  }
  for (const w of worldsTouched) {
    const world = join(dir, `saves/World${w + 1}`);
    for (const name of ["level.dat", "level.dat_old"]) {
      await Deno.writeFile(join(world, name), randomBytes(3000));
      files++;
      bytes += 3000;
    }
    const players = await firstFiles(join(world, "playerdata"), 1);
    const stats = await firstFiles(join(world, "stats"), 1);
    for (const path of [...players, ...stats]) {
      const size = (await Deno.stat(path)).size;
      await Deno.writeFile(path, randomBytes(size));
      files++;
      bytes += size;
    }
  }
  const data = join(dir, `saves/World${(run % shape.worlds) + 1}/data`);
  await Deno.mkdir(data, { recursive: true });
  for (let i = 0; i < NEW_SMALL_FILES; i++) {
    const size = 1024 + ((run * 37 + i * 101) % 8) * 1024;
    await Deno.writeFile(join(data, `bench_run${run}_${i}.dat`), randomBytes(size));
    files++;
    bytes += size;
  }
  return { files, bytes };
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  for (let done = 0; done < data.length;) done += await file.write(data.subarray(done));
}

/** The first `n` files of a folder by name (a stable choice across two copies of the instance). */
async function firstFiles(dir: string, n: number): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort().slice(0, n).map((name) => join(dir, name));
}
