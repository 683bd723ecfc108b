/**
 * `deno task chaos [--seed N] [--ops N] [--machines N] [--mode rest|local|both] [--seeds N]`:
 * seeded chaos runs over simulated computers (see run.ts). A failure prints its seed, the failing check
 * and a shrunk operation list; `--seed` replays it. Exit 0 when every run passed, 1 otherwise.
 */
import { parseArgs } from "node:util";
import { describeOp, generateOps } from "./ops.ts";
import { runChaos } from "./run.ts";
import { shrink } from "./shrink.ts";
import type { Mode } from "./cluster.ts";

const USAGE =
  "usage: deno task chaos [--seed N] [--seeds N] [--ops N] [--machines N] [--mode rest|local|both] " +
  "[--no-shrink] [--verbose]";

function intFlag(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    console.error(`chaos: --${name} must be an integer >= ${min}, got "${value}"\n${USAGE}`);
    Deno.exit(2);
  }
  return n;
}

if (import.meta.main) {
  let values;
  try {
    ({ values } = parseArgs({
      args: Deno.args,
      options: {
        seed: { type: "string" },
        seeds: { type: "string" },
        ops: { type: "string" },
        machines: { type: "string" },
        mode: { type: "string" },
        "no-shrink": { type: "boolean" },
        verbose: { type: "boolean" },
      },
    }));
  } catch (e) {
    console.error(`chaos: ${(e as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  const firstSeed = intFlag("seed", values.seed, Date.now() % 100_000, 0);
  const seeds = intFlag("seeds", values.seeds, 1, 1);
  const count = intFlag("ops", values.ops, 200, 0);
  const machines = intFlag("machines", values.machines, 3, 1);
  const modeFlag = values.mode ?? "rest";
  if (!["rest", "local", "both"].includes(modeFlag)) {
    console.error(`chaos: --mode must be rest, local or both, got "${modeFlag}"\n${USAGE}`);
    Deno.exit(2);
  }
  const modes: Mode[] = modeFlag === "both" ? ["rest", "local"] : [modeFlag as Mode];

  let failed = 0;
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    for (const mode of modes) {
      const ops = generateOps({ seed, ops: count, machines, server: mode === "rest" });
      console.log(`chaos: seed ${seed}, ${mode}, ${machines} computers, ${ops.length} operations`);
      const r = await runChaos({
        mode,
        machines,
        ops,
        log: values.verbose ? (l) => console.log(`  ${l}`) : undefined,
      });
      const summary = [...r.outcomes].sort().map(([k, n]) => `${k} ×${n}`).join(", ");
      console.log(
        `chaos: seed ${seed} ${mode}: ${r.failure ? "FAILED" : "passed"} in ${Math.round(r.ms / 1000)} s; ` +
          `${r.killsLanded} kills landed mid-run; ${summary}`,
      );
      if (!r.failure) continue;
      failed++;
      console.log(`chaos: failure at operation ${r.failedAt! + 1}: ${r.failure.message}`);
      let list = ops.slice(0, Math.min(ops.length, r.failedAt! + 1));
      if (!values["no-shrink"]) {
        console.log(`chaos: shrinking ${list.length} operations (each try replays the history)…`);
        list = await shrink(
          list,
          r.failure.check,
          (candidate) => runChaos({ mode, machines, ops: candidate }),
        );
      }
      console.log(
        `chaos: replay with: deno task chaos --seed ${seed} --ops ${count} --machines ${machines} --mode ${mode}`,
      );
      console.log(`chaos: ${list.length} operations that still fail "${r.failure.check}":`);
      for (const op of list) console.log(`  ${describeOp(op)}   ${JSON.stringify(op)}`);
    }
  }
  Deno.exit(failed ? 1 : 0);
}
