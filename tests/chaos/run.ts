/**
 * Runs one chaos history: a cluster of computers, a baseline session, the operation list with the
 * oracle after every step, then a final round (every computer pulls, keeps its own and pushes; then
 * every computer takes the cloud's) and the end checks: no locks, `restic check`, `history` lists
 * every pushed session, all computers converged.
 */
import { Cluster, type Mode } from "./cluster.ts";
import { finalRound } from "./final.ts";
import { describeOp, type Op } from "./ops.ts";
import { type Observed, Oracle, OracleFailure } from "./oracle.ts";
import { play } from "./play.ts";
import { driven, isEnabled, snapshotPick, sync } from "./steps.ts";

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
    case "session": {
      const launch = await sync(cluster, oracle, m, "pull", ["pull", "--on-conflict", "abort"]);
      if (launch.code !== 0) return false; // the launch did not go ahead: no game
      await play(m.pack, op.seed, m.host);
      if (!op.crash) await sync(cluster, oracle, m, "push", ["push"]);
      return false;
    }
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
