/**
 * Writes a hook plan: copies the binary into a Flatpak launcher's data folder first (so no command
 * names a missing file), then for each file keeps the previous version as
 * `<file>.instance-sync-backup` and writes the new one atomically.
 */
import { writeError, writeFileAtomic } from "../fs/atomic.ts";
import { dirname } from "../fs/path.ts";
import type { HookPlan } from "./hookPlan.ts";

export const BACKUP_SUFFIX = ".instance-sync-backup";

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([Deno.readFile(a), Deno.readFile(b).catch(() => null)]);
  return y !== null && x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Applies `plan`; returns the backups written. */
export async function applyHookPlan(plan: HookPlan): Promise<string[]> {
  for (const copy of plan.copies) {
    if (await sameBytes(copy.from, copy.to)) continue;
    try {
      await Deno.mkdir(dirname(copy.to), { recursive: true });
      const tmp = `${copy.to}.${crypto.randomUUID().slice(0, 8)}.tmp`;
      await Deno.copyFile(copy.from, tmp);
      await Deno.chmod(tmp, 0o755).catch(() => {}); // Windows has no modes
      await Deno.rename(tmp, copy.to);
    } catch (e) {
      throw writeError(copy.to, e);
    }
  }
  const backups: string[] = [];
  for (const f of plan.files) {
    if (f.before === f.after) continue;
    if (f.before !== null) {
      const backup = f.file + BACKUP_SUFFIX;
      await writeFileAtomic(backup, f.before);
      backups.push(backup);
    }
    await writeFileAtomic(f.file, f.after);
  }
  return backups;
}
