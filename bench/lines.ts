/**
 * The lines the bench measures, in report order: each one our command against its baseline, with the
 * ratio it must stay under. docs/performance.md's table (`deno task bench --markdown`) has one row per
 * line and one for the memory target; tests/docs/ checks the doc's rows against this list.
 */
export interface BenchLine {
  name: string;
  baseline: string;
  target: number;
}

export const BENCH_LINES = {
  gate: { name: "1. gate: not-opted-in pull vs empty deno run", baseline: "deno run (empty)", target: 1.2 },
  upToDate: { name: "2. up-to-date pull vs restic snapshots", baseline: "restic snapshots", target: 0.12 },
  unchangedPush: { name: "3. unchanged push vs restic backup", baseline: "restic backup", target: 0.10 },
  changedPush: { name: "4. changed push vs restic backup", baseline: "restic backup", target: 1.05 },
  cloudPull: {
    name: "5. pull with cloud changes vs restic restore",
    baseline: "restic restore",
    target: 1.05,
  },
  firstRestore: {
    name: "6. first restore into an empty folder vs restic restore",
    baseline: "restic restore",
    target: 1.05,
  },
  status: { name: "7. status vs restic snapshots", baseline: "restic snapshots", target: 0.15 },
  history: { name: "8. history vs restic snapshots", baseline: "restic snapshots", target: 0.15 },
} as const satisfies Record<string, BenchLine>;

/** Peak resident memory of our process on every line but the gate. */
export const RSS_TARGET_MIB = 80;
/** The memory row of the table. */
export const RSS_ROW = "peak RSS of our process, lines 2–8";
