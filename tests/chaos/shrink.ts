/**
 * Shrinks a failing operation list by dropping operations (delta debugging): chunks of half the list,
 * then quarters, … down to single operations; a reduction is kept when the same check still fails.
 * Kill timing makes replays not perfectly deterministic, so a kept reduction is one that failed once.
 */
import type { Op } from "./ops.ts";
import type { ChaosResult } from "./run.ts";

export interface ShrinkBudget {
  /** Replays at most (default 60). */
  tries?: number;
  /** Wall-clock limit in ms (default 20 minutes). */
  ms?: number;
  log?: (line: string) => void;
}

export async function shrink(
  ops: Op[],
  check: string,
  replay: (ops: Op[]) => Promise<ChaosResult>,
  budget: ShrinkBudget = {},
): Promise<Op[]> {
  const deadline = Date.now() + (budget.ms ?? 20 * 60_000);
  let tries = budget.tries ?? 60;
  const log = budget.log ?? ((l: string) => console.log(`  shrink: ${l}`));
  let current = ops;
  let chunk = Math.max(1, Math.floor(current.length / 2));
  while (tries > 0 && Date.now() < deadline) {
    let reduced = false;
    for (let start = 0; start < current.length && tries > 0 && Date.now() < deadline;) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      tries--;
      const r = await replay(candidate);
      if (r.failure?.check === check) {
        // Whatever came after the failing operation is not needed either.
        current = candidate.slice(0, Math.min(candidate.length, (r.failedAt ?? candidate.length) + 1));
        log(`${current.length} operations still fail`);
        reduced = true;
      } else start += chunk;
    }
    if (chunk === 1 && !reduced) break;
    if (!reduced) chunk = Math.max(1, Math.floor(chunk / 2));
  }
  return current;
}
