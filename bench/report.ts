/**
 * The benchmark's report: one ratio line per comparison (medians of the runs), the peak memory lines,
 * and a breakdown of where our time went (restic processes started, their durations, and the rest).
 */
import { median, mib, type RunResult, secs } from "./measure.ts";
import type { Ours } from "./env.ts";
import { describeCalls } from "./resticSpy.ts";

/** One comparison: our command against its baseline, measured in the same runs. */
export interface Pair {
  name: string;
  target: number;
  baselineName: string;
  ours: Ours[];
  base: RunResult[];
  /**
   * The least any `deno run` could take for this line (bench/floor.ts: Deno's start, the listing GET,
   * the stat walk; for status and history also reading every snapshot in-process), plus, for lines whose
   * work is restic's, the bare restic run itself less `lessMs()`: the key derivation that restic opened
   * with our fast key skips (core/repo/fastKey.ts), measured in the same run.
   */
  floor?: { runs: RunResult[]; plusBase: boolean; label?: string; lessMs?: () => number };
}

export function newPair(name: string, baselineName: string, target: number): Pair {
  return { name, baselineName, target, ours: [], base: [] };
}

/** A pair's medians (ms), their ratio, and its floor (ms) when the pair has one. */
export function pairFigures(
  p: Pair,
): { ours: number; base: number; ratio: number; ok: boolean; floor?: number } {
  const ours = median(p.ours.map((r) => r.ms));
  const base = median(p.base.map((r) => r.ms));
  const floor = p.floor?.runs.length
    ? median(p.floor.runs.map((r) => r.ms)) + (p.floor.plusBase ? base - (p.floor.lessMs?.() ?? 0) : 0)
    : undefined;
  return { ours, base, ratio: ours / base, ok: ours / base <= p.target, floor };
}

/** `name: ours X.XXs vs baseline Y.YYs = ratio Z.ZZx (target ≤ T) OK/MISS`. */
export function ratioLine(p: Pair): { line: string; ok: boolean } {
  const { ours: o, base: b, ratio, ok, floor: f } = pairFigures(p);
  let floor = "";
  if (f !== undefined && p.floor) {
    floor = `; floor ${secs(f)} = ${(f / b).toFixed(2)}x (${
      p.floor.label ?? (p.floor.plusBase ? "floor process + bare restic" : "floor process")
    }), ours above it ${(o - f).toFixed(0)} ms`;
  }
  return {
    ok,
    line: `${p.name}: ours ${secs(o)} vs baseline ${secs(b)} = ratio ${ratio.toFixed(2)}x ` +
      `(target ≤ ${p.target}) ${ok ? "OK" : "MISS"}${floor}`,
  };
}

/** Peak RSS of our process (and of the restic it started) against the bare restic of the same pair. */
export function rssLine(label: string, p: Pair): string {
  const ours = maxOf(p.ours.map((r) => r.peakRssKiB));
  const child = maxOf(p.ours.flatMap((r) => r.calls.map((c) => c.peakRssKiB)));
  const bare = maxOf(p.base.map((r) => r.peakRssKiB));
  return `peak RSS ${label}: ours ${mib(ours)} (deno process; its restic ${mib(child)}) ` +
    `vs bare ${p.baselineName} ${mib(bare)}`;
}

export function maxOf(xs: (number | null)[]): number | null {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? Math.max(...known) : null;
}

/**
 * Where our time went in a pair: the median run's restic processes (command, duration, peak RSS),
 * and the time outside restic (Deno start-up, module loading, scanning, state, HTTP listing).
 */
export function breakdown(p: Pair): string[] {
  const sorted = [...p.ours].sort((a, b) => a.ms - b.ms);
  const mid = sorted[Math.floor(sorted.length / 2)];
  const inRestic = mid.calls.reduce((s, c) => s + c.ms, 0);
  const counts = p.ours.map((r) => r.calls.length);
  const lines = [
    `  ${p.name} (median run ${secs(mid.ms)}): ${describeCalls(mid.calls)}`,
    `    restic processes per run: ${Math.min(...counts)}–${Math.max(...counts)}; ` +
    `time in restic ${secs(inRestic)}, outside restic ${secs(mid.ms - inRestic)}`,
  ];
  if (mid.calls.length) lines.push(`    timeline: ${timeline(mid)}`);
  lines.push(
    `    all runs, ours: ${p.ours.map((r) => secs(r.ms)).join(" ")}; bare ${p.baselineName}: ` +
      p.base.map((r) => secs(r.ms)).join(" "),
  );
  return lines;
}

/** Our process's time before, between and after its restic processes (ms). */
function timeline(r: Ours): string {
  const parts: string[] = [];
  let at = r.startEpochMs;
  for (const c of r.calls) {
    parts.push(`${(c.startMs - at).toFixed(0)} ms ours`, `${c.ms.toFixed(0)} ms restic ${c.command}`);
    at = c.startMs + c.ms;
  }
  parts.push(`${(r.endEpochMs - at).toFixed(0)} ms ours to exit`);
  return parts.join(" → ");
}

/** Peak RSS of our process in every pair against one target: `name X MiB` and OK/MISS. */
export function rssTargetLines(pairs: Pair[], targetMiB: number): string[] {
  return pairs.map((p) => {
    const peak = maxOf(p.ours.map((r) => r.peakRssKiB));
    const ok = peak !== null && peak / 1024 <= targetMiB;
    return `  peak RSS ${p.name.replace(/ vs .*/, "")}: ${mib(peak)} (target ≤ ${targetMiB} MiB) ${
      ok ? "OK" : "MISS"
    }`;
  });
}
