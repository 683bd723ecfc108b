/**
 * The hook lines again for a location only restic can read: a cloud drive through rclone, here rclone's
 * on-the-fly local remote (`rclone::local:<folder>`), so the figures are restic's and rclone's own cost
 * without a network. There is no in-process reader for such a location: an up-to-date pull lists with one
 * `restic snapshots` (which starts `rclone serve restic --stdio`), an unchanged push starts nothing.
 * Baselines: bare `restic snapshots --json` on the same repository, and a changed push against bare
 * `restic backup` of a copy with the same kind of session changes. The targets say what the design allows:
 * an up-to-date pull is our start plus that one restic (≤ 1.3x), an unchanged push starts none (≤ 0.25x of
 * a restic start), a changed push lists with restic before it backs up (≤ 2.2x: two restic starts, each
 * deriving the key, where bare restic pays one).
 */
import { join } from "node:path";
import type { Sides } from "./env.ts";
import { snapshotIdOf } from "./env.ts";
import { newPair, type Pair } from "./report.ts";
import type { Shape } from "./instance.ts";
import { applySessionChange } from "./session.ts";

export interface RcloneBenchInput {
  run: Sides;
  work: string;
  /** Machine A's pack folder of the rest-server story (copied, with its files, as the starting point). */
  packA: string;
  token: string;
  runs: number;
  shape: Shape;
  log: (m: string) => void;
}

const pf = (dir: string) => `--pack-folder=${dir}`;

/** Lines R2–R4 for an rclone location; null when rclone is not installed (the caller says so). */
export async function measureRclone(s: RcloneBenchInput): Promise<Pair[] | null> {
  const found = await new Deno.Command("rclone", { args: ["version"], stdout: "null", stderr: "null" })
    .output().then((o) => o.success, () => false);
  if (!found) return null;
  const { run, work } = s;
  const drive = join(work, "rclone-drive");
  const packA = join(work, "rclone-a", ".minecraft");
  const packB = join(work, "rclone-b", ".minecraft");
  const bare = join(work, "rclone-bare", ".minecraft");
  await Deno.mkdir(drive, { recursive: true });
  await Deno.mkdir(packB, { recursive: true });
  await copyScope(s.packA, packA);
  await copyScope(s.packA, bare);
  const url = `rclone::local:${drive}`;

  s.log("rclone: first push from A and B's first pull (setup, not measured)");
  await run.ours("rclone-a", ["init", `--url=${url}`, pf(packA)], undefined, s.token);
  const id = JSON.parse(await Deno.readTextFile(join(packA, ".cloud-sync", "sync.json"))).instance_id;
  await run.ours("rclone-a", ["push", pf(packA)], /uploaded snapshot/);
  await run.ours("rclone-b", ["init", `--url=${url}`, `--instance-id=${id}`, pf(packB)], undefined, s.token);
  await run.ours("rclone-b", ["pull", pf(packB)], /updated to the cloud/);
  const env = { RESTIC_REPOSITORY: `${url}/${id}` };
  const backupArgs = (parent?: string) => [
    "backup",
    "--json",
    ...["--files-from", join(packA, ".cloud-sync/files-from.txt")],
    ...["--exclude-file", join(packA, ".cloud-sync/exclude-from.txt")],
    ...["--host", "bench-bare", "--tag", "conflict-backup"],
    ...(parent ? ["--parent", parent] : []),
  ];
  let lastBare = snapshotIdOf((await run.bare(backupArgs(), bare, env)).stdout);

  const upToDate = newPair("R2. rclone: up-to-date pull vs restic snapshots", "restic snapshots", 1.3);
  const unchanged = newPair("R3. rclone: unchanged push vs restic snapshots", "restic snapshots", 0.25);
  const changed = newPair("R4. rclone: changed push vs restic backup", "restic backup", 2.2);
  for (let i = 0; i < s.runs; i++) {
    s.log(`rclone: run ${i + 1} of ${s.runs}`);
    const oursFirst = i % 2 === 0;
    const pair = async (
      p: Pair,
      ours: () => ReturnType<Sides["ours"]>,
      base: () => ReturnType<Sides["bare"]>,
    ) => {
      if (oursFirst) p.ours.push(await ours());
      p.base.push(await base());
      if (!oursFirst) p.ours.push(await ours());
    };
    const snapshots = () => run.bare(["snapshots", "--json"], undefined, env);
    await pair(upToDate, () => run.ours("rclone-b", ["pull", pf(packB)], /up to date/), snapshots);
    await pair(unchanged, () => run.ours("rclone-a", ["push", pf(packA)], /up to date/), snapshots);
    await applySessionChange(packA, s.shape, 1000 + i);
    await applySessionChange(bare, s.shape, 1000 + i);
    await pair(
      changed,
      () => run.ours("rclone-a", ["push", pf(packA)], /uploaded snapshot/),
      async () => {
        const r = await run.bare(backupArgs(lastBare), bare, env);
        lastBare = snapshotIdOf(r.stdout);
        return r;
      },
    );
    // B follows A (not measured), so its next up-to-date pull is up to date again.
    await run.ours("rclone-b", ["pull", pf(packB)]);
  }
  return [upToDate, unchanged, changed];
}

/** Copies the synced part of a pack folder (not `.cloud-sync/`). */
async function copyScope(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.name === ".cloud-sync") continue;
    const out = await new Deno.Command("cp", { args: ["-a", join(from, e.name), to] }).output();
    if (!out.success) throw new Error(`cp ${e.name} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}
