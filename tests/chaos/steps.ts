/** Running one sync step under the oracle: the CLI, or core through the fault driver. */
import { existsSync } from "node:fs";
import { instancePaths } from "../../core/config/paths.ts";
import type { DriverOptions } from "../faults/driver.ts";
import { outcomeOf, runDriver } from "../faults/harness.ts";
import type { Cluster, Kill, Machine, Run } from "./cluster.ts";
import type { Observed, Oracle } from "./oracle.ts";

/** Runs one CLI sync command under the oracle. */
export function sync(
  cluster: Cluster,
  oracle: Oracle,
  m: Machine,
  kind: "pull" | "push" | "restore",
  args: string[],
  kill?: Kill,
): Promise<Observed> {
  return oracle.observe(m, kind, async () => observed(await cluster.cli(m, args, kill)));
}

function observed(r: Run): Observed {
  return {
    code: r.code,
    killed: r.killed,
    outcome: r.summary?.outcome,
    snapshot: r.summary?.snapshot,
    stderr: r.stderr,
    playingElsewhere: r.playingElsewhere,
  };
}

/**
 * Runs core's pull in a child process through the fault driver (tests/faults/driver.ts): for what the
 * CLI cannot be told to do — answer per world (the TUI's chooser) or die at a journal step.
 */
export function driven(
  oracle: Oracle,
  m: Machine,
  o: Omit<DriverOptions, "packFolder" | "host" | "resticBinary">,
  killAt?: string,
): Promise<Observed> {
  return oracle.observe(m, "pull", async () => {
    const where = { pack: m.pack, host: m.host, repo: { cacheDir: m.env.RESTIC_CACHE_DIR } };
    const r = await runDriver(where, { ...o, env: m.env }, { killAt });
    let snapshot: string | undefined;
    try {
      snapshot = JSON.parse(r.stdout.trim().split("\n").pop() ?? "").snapshot;
    } catch { /* failed run: no summary */ }
    return { code: r.code, killed: r.killed, outcome: outcomeOf(r) ?? undefined, snapshot, stderr: r.stderr };
  });
}

export async function snapshotPick(cluster: Cluster, pick: number): Promise<string | null> {
  const all = await cluster.repo.snapshots();
  return all.length ? all[pick % all.length].id : null;
}

export function isEnabled(m: Machine): boolean {
  return existsSync(instancePaths(m.pack).syncJson);
}
