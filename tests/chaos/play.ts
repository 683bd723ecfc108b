/**
 * A play session, derived from a seed: edits, adds and deletes files in worlds, options and
 * screenshots, as Minecraft would. Every written file has content unique to (seed, machine, file), so
 * the oracle can tell versions apart by hash.
 */
import { join } from "node:path";
import { applyFiles } from "../faults/harness.ts";
import { Rng } from "./rng.ts";
import { listNames } from "../helpers/tmp.ts";

const WORLDS = ["World", "World", "Second", "Third"];

/** Bytes that are cheap to make and unique to `tag` (restic dedups only what is really equal). */
function bytes(rng: Rng, tag: string): Uint8Array {
  const size = 1024 + rng.int(12 * 1024);
  const out = new Uint8Array(size);
  const head = new TextEncoder().encode(`${tag}\n`);
  out.set(head.subarray(0, size));
  for (let i = head.length; i < size; i += 4) {
    const v = (rng.next() * 2 ** 32) >>> 0;
    out[i] = v & 255;
    if (i + 1 < size) out[i + 1] = (v >> 8) & 255;
    if (i + 2 < size) out[i + 2] = (v >> 16) & 255;
    if (i + 3 < size) out[i + 3] = v >>> 24;
  }
  return out;
}

/**
 * Plays one session on the pack folder. `world` forces the world (two computers playing the same one).
 * Returns the world played, so a second computer can play it too.
 */
export async function play(pack: string, seed: number, who: string, world?: string): Promise<string> {
  const rng = new Rng(seed);
  const w = world ?? rng.pick(WORLDS);
  const tag = (name: string) => `${who} seed ${seed} ${name}`;
  const files: Record<string, string | Uint8Array | null> = {};
  const worldDir = `saves/${w}`;
  files[`${worldDir}/level.dat`] = tag("level.dat");
  // An open world holds session.lock; the scope excludes it, and it must never be synced.
  files[`${worldDir}/session.lock`] = "locked";
  const regions = (await listNames(join(pack, worldDir, "region"))).filter((n) => n.endsWith(".mca"));
  const edits = 1 + rng.int(3);
  for (let i = 0; i < edits; i++) {
    const roll = rng.next();
    if (roll < 0.45 || regions.length === 0) {
      const r = `r.${rng.int(4)}.${rng.int(4)}.mca`;
      files[`${worldDir}/region/${r}`] = bytes(rng, tag(r));
    } else if (roll < 0.6) {
      files[`${worldDir}/region/${rng.pick(regions)}`] = null;
    } else if (roll < 0.75) {
      files["options.txt"] = `fov:${30 + rng.int(80)}\n# ${tag("options")}\n`;
    } else if (roll < 0.9) {
      files[`screenshots/${seed}-${i}.png`] = bytes(rng, tag("screenshot"));
    } else {
      const shots = await listNames(join(pack, "screenshots"));
      if (shots.length) files[`screenshots/${rng.pick(shots)}`] = null;
    }
  }
  // Whole-world deletions are rare and never the last world (that is the mass-deletion guard's case).
  const worlds = (await listNames(join(pack, "saves"))).filter((n) => !n.startsWith("."));
  const dropWorld = rng.chance(0.04) && worlds.filter((n) => n !== w).length > 1
    ? rng.pick(worlds.filter((n) => n !== w))
    : null;
  await applyFiles(pack, Object.fromEntries(Object.entries(files).filter(([, v]) => v !== null)));
  for (const [rel, v] of Object.entries(files)) {
    if (v === null) await Deno.remove(join(pack, rel)).catch(() => {});
  }
  if (dropWorld) await Deno.remove(join(pack, "saves", dropWorld), { recursive: true });
  // The game closes the world: session.lock stays, as Minecraft leaves it.
  return w;
}
