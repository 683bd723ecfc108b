/**
 * Runs one chaos history: a cluster of computers, a baseline session, the operation list with the
 * oracle after every step, then a final round (every computer pulls, keeps its own and pushes; then
 * every computer takes the cloud's) and the end checks: no locks, `restic check`, `history` lists
 * every pushed session, all computers converged.
 */
import { existsSync } from "node:fs";
import { instancePaths } from "../../core/config/paths.ts";
import type { DriverOptions } from "../faults/driver.ts";
import { hashTree, outcomeOf, runDriver } from "../faults/harness.ts";
import { Cluster, type Kill, type Machine, type Mode, type Run } from "./cluster.ts";
import { describeOp, type Op } from "./ops.ts";
import { type Observed, Oracle, OracleFailure, treeDiff } from "./oracle.ts";
import { play } from "./play.ts";

export interface ChaosOptions {
  mode: Mode;
  machines: number;
  ops: Op[];
  /** One line per step (progress); default silent. */
  log?: (line: string) => void;
}

export interface ChaosResult {
  /** null when every check passed. */
  failure: OracleFailure | null;
  /** The index of the failing operation, or `ops.length` for the final round. */
  failedAt: number | null;
  outcomes: Map<string, number>;
  /** Kills that landed while the run was still going. */
  killsLanded: number;
  ms: number;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const started = performance.now();
  const cluster = await Cluster.create(o.mode, o.machines);
  const oracle = new Oracle(cluster);
  const log = o.log ?? (() => {});
  let step = -1;
  let killsLanded = 0;
  const result = (failure: OracleFailure | null): ChaosResult => ({
    failure,
    failedAt: failure ? step : null,
    outcomes: oracle.outcomes,
    killsLanded,
    ms: performance.now() - started,
  });
  try {
    await cluster.init();
    const [first] = cluster.machines;
    await play(first.pack, 1, first.host, "World");
    await play(first.pack, 2, first.host, "Second");
    await sync(cluster, oracle, first, "push", ["push"]);
    for (const m of cluster.machines.slice(1)) await sync(cluster, oracle, m, "pull", ["pull"]);

    for (step = 0; step < o.ops.length; step++) {
      const op = o.ops[step];
      log(`${step + 1}/${o.ops.length} ${describeOp(op)}`);
      if (await apply(cluster, oracle, op)) killsLanded++;
    }
    step = o.ops.length;
    log("final round");
    await finalRound(cluster, oracle);
    return result(null);
  } catch (e) {
    if (e instanceof OracleFailure) return result(e);
    throw e;
  } finally {
    await cluster.dispose();
  }
}

/** Runs one CLI sync command under the oracle. */
function sync(
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
  };
}

/**
 * Runs core's pull in a child process through the fault driver (tests/faults/driver.ts): for what the
 * CLI cannot be told to do — answer per world (the TUI's chooser) or die at a journal step.
 */
function driven(
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

async function snapshotPick(cluster: Cluster, pick: number): Promise<string | null> {
  const all = await cluster.repo.snapshots();
  return all.length ? all[pick % all.length].id : null;
}

/** Applies one operation; returns true when it was a kill that landed mid-run. */
async function apply(cluster: Cluster, oracle: Oracle, op: Op): Promise<boolean> {
  const m = "m" in op ? cluster.machines[op.m] : cluster.machines[0];
  switch (op.kind) {
    case "play": {
      const world = await play(m.pack, op.seed, m.host);
      if (op.also !== undefined) {
        const other = cluster.machines[op.also];
        await play(other.pack, op.seed + 1, other.host, world);
      }
      return false;
    }
    case "pull": {
      const args = op.resolve && op.policy !== "abort"
        ? ["resolve", "--choice", op.policy]
        : ["pull", "--on-conflict", op.policy];
      // resolve refuses on a folder that is not set up; a disabled computer is skipped like a hook.
      if (args[0] === "resolve" && !isEnabled(m)) return false;
      await sync(cluster, oracle, m, "pull", args);
      return false;
    }
    case "push":
      await sync(cluster, oracle, m, "push", ["push"]);
      return false;
    case "per-world": {
      if (!isEnabled(m)) return false;
      await driven(oracle, m, { op: "pull", perWorld: op.choices });
      return false;
    }
    case "kill": {
      const kill = { afterMs: op.afterMs, group: op.group };
      let r: Observed;
      if (op.step && (op.target === "pull" || op.target === "use-cloud")) {
        if (!isEnabled(m)) return false;
        const onConflict = op.target === "use-cloud" ? "use-cloud" : "abort";
        r = await driven(oracle, m, { op: "pull", onConflict }, op.step);
      } else if (op.target === "restore") {
        const id = await snapshotPick(cluster, op.afterMs);
        if (!id || !isEnabled(m)) return false;
        r = await sync(cluster, oracle, m, "restore", ["restore", id, "--yes"], kill);
      } else {
        const args = op.target === "push"
          ? ["push"]
          : ["pull", "--on-conflict", op.target === "use-cloud" ? "use-cloud" : "abort"];
        r = await sync(cluster, oracle, m, op.target === "push" ? "push" : "pull", args, kill);
      }
      return r.killed;
    }
    case "restore": {
      const id = await snapshotPick(cluster, op.pick);
      if (!id || !isEnabled(m)) return false;
      await sync(cluster, oracle, m, "restore", ["restore", id, "--yes"]);
      return false;
    }
    case "server-down":
    case "server-up":
      await cluster.setServer(op.kind === "server-up");
      return false;
    case "disable":
    case "enable": {
      // enable refuses (exit 2) over an active sync.json; disable says "already disabled" and exits 0.
      const expected = op.kind === "enable" && isEnabled(m) ? 2 : 0;
      const r = await cluster.toggle(m, op.kind);
      if (r.code !== expected) {
        throw new OracleFailure("unexpected exit", `${op.kind} on ${m.host} exited ${r.code}: ${r.stderr}`);
      }
      return false;
    }
  }
}

function isEnabled(m: Machine): boolean {
  return existsSync(instancePaths(m.pack).syncJson);
}

/**
 * Brings every computer back (server up, sync enabled), lets each keep its own version and push, then
 * lets each take the cloud's; then all must hold the same files and nothing may be left behind.
 */
async function finalRound(cluster: Cluster, oracle: Oracle): Promise<void> {
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
