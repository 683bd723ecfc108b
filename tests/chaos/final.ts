/**
 * The end of a chaos history: a final round that brings every computer back and lets them converge,
 * then the end checks (no locks, `restic check`, `history` lists every pushed session, same files).
 */
import { existsSync } from "node:fs";
import { instancePaths } from "../../core/config/paths.ts";
import { hashTree } from "../faults/harness.ts";
import type { Cluster, Machine } from "./cluster.ts";
import { type Observed, type Oracle, OracleFailure, treeDiff } from "./oracle.ts";
import { isEnabled, sync } from "./steps.ts";

/**
 * Brings every computer back (server up, sync enabled), lets each keep its own version and push, then
 * lets each take the cloud's; then all must hold the same files and nothing may be left behind.
 */
export async function finalRound(cluster: Cluster, oracle: Oracle): Promise<void> {
  await cluster.setServer(true);
  for (const m of cluster.machines) {
    if (!isEnabled(m)) await cluster.toggle(m, "enable");
  }
  for (const m of cluster.machines) {
    await expectCode(
      sync(cluster, oracle, m, "pull", ["pull", "--on-conflict", "keep-local", "--allow-mass-delete"]),
      m,
      0,
    );
    await expectCode(sync(cluster, oracle, m, "push", ["push", "--allow-mass-delete"]), m, 0);
  }
  for (const m of cluster.machines) {
    await expectCode(
      sync(cluster, oracle, m, "pull", ["pull", "--on-conflict", "use-cloud", "--allow-mass-delete"]),
      m,
      0,
    );
  }
  for (const m of cluster.machines) {
    const r = await expectCode(sync(cluster, oracle, m, "push", ["push"]), m, 0);
    if (r.outcome !== "up-to-date") {
      throw new OracleFailure("no convergence", `a push on ${m.host} after the final pulls did ${r.outcome}`);
    }
  }
  await endChecks(cluster, oracle);
}

async function expectCode(p: Promise<Observed>, m: Machine, code: number): Promise<Observed> {
  const r = await p;
  if (r.code !== code) {
    throw new OracleFailure(
      "final round",
      `${m.host} exited ${r.code} (${r.outcome ?? "no summary"}): ${r.stderr.trim().split("\n").pop()}`,
    );
  }
  return r;
}

async function endChecks(cluster: Cluster, oracle: Oracle): Promise<void> {
  for (const m of cluster.machines) {
    if (existsSync(instancePaths(m.pack).lock)) {
      throw new OracleFailure("lock left", `${m.host}: .cloud-sync/lock is left after every run ended`);
    }
  }
  const locks = await cluster.repo.locks();
  if (locks.length) {
    throw new OracleFailure("lock left", `restic lock(s) left in the repository: ${locks.join(", ")}`);
  }
  const check = await cluster.repo.check();
  if (check.code !== 0) throw new OracleFailure("restic check", `${check.out}\n${check.err}`);

  const history = await cluster.cli(cluster.machines[0], ["history"]);
  const listed = new Set<string>(
    (JSON.parse(history.stdout).snapshots as { id: string }[]).map((s) => s.id),
  );
  for (const [id, host] of oracle.pushed) {
    if (!listed.has(id)) {
      throw new OracleFailure("history", `snapshot ${id.slice(0, 8)} pushed by ${host} is not in history`);
    }
  }

  const [first, ...rest] = cluster.machines;
  const reference = await hashTree(first.pack);
  const base = (await oracle.state(first)).base?.id;
  for (const m of rest) {
    const diff = treeDiff(await hashTree(m.pack), reference);
    if (diff) throw new OracleFailure("no convergence", `${m.host} vs ${first.host}: ${diff}`);
    const other = (await oracle.state(m)).base?.id;
    if (other !== base) {
      throw new OracleFailure(
        "no convergence",
        `${m.host} is based on ${other} but ${first.host} on ${base}`,
      );
    }
  }
}
