/**
 * A realistic Minecraft instance for the benchmark: worlds with region files of incompressible
 * random bytes (restic deduplicates and compresses, so anything else would flatter it), thousands of
 * small files (data/, advancements/, stats/, playerdata/), options, screenshots, and things outside
 * the sync scope (logs, mods, config, session.lock). The layout comes from a seeded generator, so
 * two folders get the same paths and sizes; the contents are always fresh crypto random bytes.
 */
import { dirname, join } from "node:path";

export interface Shape {
  worlds: number;
  /** Region data per world, MiB. */
  regionMb: number;
  /** Small files across all worlds. */
  smallFiles: number;
}

export interface FileSpec {
  path: string;
  size: number;
}

/** mulberry32: a small seeded PRNG for layout choices (not for contents). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MIB = 1024 * 1024;
const SMALL_DIRS = ["data", "data", "advancements", "stats", "playerdata"] as const;

/** The region files of world `w` (region/, with entities/ and poi/ beside them), by size. */
export function regionFiles(shape: Shape, w: number): FileSpec[] {
  const rnd = prng(1000 + w);
  const out: FileSpec[] = [];
  let total = 0;
  for (let i = 0; total < shape.regionMb * MIB; i++) {
    const size = Math.min(Math.round((1 + rnd() * 7) * MIB / 4096) * 4096, shape.regionMb * MIB - total);
    const name = `r.${(i % 6) - 3}.${Math.floor(i / 6) - 2}.mca`;
    out.push({ path: `saves/World${w + 1}/region/${name}`, size: Math.max(size, 4096) });
    total += size;
  }
  return out;
}

/** Every file of the instance: region files, small files, and the rest of a pack folder. */
export function layout(shape: Shape): FileSpec[] {
  const rnd = prng(42);
  const files: FileSpec[] = [];
  const perWorld = Math.ceil(shape.smallFiles / shape.worlds);
  for (let w = 0; w < shape.worlds; w++) {
    const world = `saves/World${w + 1}`;
    const regions = regionFiles(shape, w);
    files.push(...regions);
    for (const r of regions) {
      const name = r.path.split("/").pop()!;
      files.push({ path: `${world}/entities/${name}`, size: 8192 + Math.floor(rnd() * 56) * 1024 });
      files.push({ path: `${world}/poi/${name}`, size: 4096 + Math.floor(rnd() * 12) * 1024 });
    }
    files.push({ path: `${world}/level.dat`, size: 2048 + Math.floor(rnd() * 2048) });
    files.push({ path: `${world}/level.dat_old`, size: 2048 + Math.floor(rnd() * 2048) });
    files.push({ path: `${world}/session.lock`, size: 3 });
    for (let i = 0; i < perWorld && w * perWorld + i < shape.smallFiles; i++) {
      const dir = SMALL_DIRS[i % SMALL_DIRS.length];
      const ext = dir === "advancements" || dir === "stats" ? "json" : "dat";
      const name = dir === "data" ? `map_${i}` : uuidLike(rnd);
      files.push({ path: `${world}/${dir}/${name}.${ext}`, size: 256 + Math.floor(rnd() * 12 * 1024) });
    }
  }
  for (let i = 0; i < 6; i++) {
    files.push({ path: `screenshots/2026-11-0${i + 1}_20.1${i}.png`, size: 300_000 });
  }
  for (let i = 0; i < 8; i++) files.push({ path: `mods/mod-${i}.jar`, size: 200_000 });
  for (let i = 0; i < 20; i++) files.push({ path: `config/mod-${i}.toml`, size: 2_000 });
  files.push({ path: "options.txt", size: 5_000 }, { path: "servers.dat", size: 700 });
  files.push({ path: "logs/latest.log", size: 50_000 });
  return files;
}

function uuidLike(rnd: () => number): string {
  const hex = () => Math.floor(rnd() * 0x10000).toString(16).padStart(4, "0");
  return `${hex()}${hex()}-${hex()}-${hex()}-${hex()}-${hex()}${hex()}${hex()}`;
}

/** `n` crypto random bytes (getRandomValues fills at most 64 KiB per call). */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

/** Writes the whole instance into `dir`; returns the bytes written. */
export async function generateInstance(dir: string, shape: Shape): Promise<number> {
  let bytes = 0;
  const made = new Set<string>();
  for (const f of layout(shape)) {
    const path = join(dir, f.path);
    if (!made.has(dirname(path))) {
      await Deno.mkdir(dirname(path), { recursive: true });
      made.add(dirname(path));
    }
    await Deno.writeFile(path, randomBytes(f.size));
    bytes += f.size;
  }
  return bytes;
}
