/**
 * `deno task bench --markdown`: the figures of one run as the table docs/performance.md holds, between
 * the markers below, with the machine (CPU model, cores, OS) and the date it ran on. The doc's block is
 * pasted from this output, never typed; tests/docs/ checks its rows against bench/lines.ts.
 */
import { BENCH_LINES, RSS_ROW, RSS_TARGET_MIB } from "./lines.ts";
import { maxOf, type Pair, pairFigures } from "./report.ts";
import { mib, secs } from "./measure.ts";

export const TABLE_START = "<!-- bench:table (deno task bench --markdown) -->";
export const TABLE_END = "<!-- /bench:table -->";
export const TABLE_HEADER = "| line | ours | baseline | ratio | target | floor | peak RSS (ours) |";

/** What the table's caption says about the run. */
export interface RunContext {
  date: Date;
  runs: number;
  instance: string;
  tools: string;
}

/** The CPU model from /proc/cpuinfo (Linux) or sysctl (macOS); "unknown CPU" elsewhere. */
export async function cpuModel(): Promise<string> {
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    const m = /^model name\s*:\s*(.+)$/m.exec(info);
    if (m) return m[1].trim();
  } catch { /* not Linux */ }
  try {
    const out = await new Deno.Command("sysctl", { args: ["-n", "machdep.cpu.brand_string"] }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    if (out.success && text) return text;
  } catch { /* no sysctl */ }
  return "unknown CPU";
}

/** The machine line: CPU model, cores, OS and kernel. */
export async function machine(): Promise<string> {
  return `${await cpuModel()}, ${navigator.hardwareConcurrency} cores, ${Deno.build.os} ${Deno.osRelease()}`;
}

/** The marked block: caption, then one row per bench line (in bench/lines.ts order) and the memory row. */
export function markdownTable(pairs: Pair[], ctx: RunContext, machineLine: string): string {
  const byName = new Map(pairs.map((p) => [p.name, p]));
  const rows: string[] = [];
  let peak: number | null = null;
  for (const line of Object.values(BENCH_LINES)) {
    const p = byName.get(line.name);
    if (!p) throw new Error(`bench: no measurement for line "${line.name}"`);
    const f = pairFigures(p);
    const rss = maxOf(p.ours.map((r) => r.peakRssKiB));
    if (line !== BENCH_LINES.gate && rss !== null) peak = Math.max(peak ?? 0, rss);
    const floor = f.floor === undefined ? "—" : `${secs(f.floor)} = ${(f.floor / f.base).toFixed(2)}x`;
    rows.push(
      `| ${line.name} | ${secs(f.ours)} | ${line.baseline} ${secs(f.base)} | ${f.ratio.toFixed(2)}x | ` +
        `≤ ${line.target}x ${f.ok ? "OK" : "MISS"} | ${floor} | ${mib(rss)} |`,
    );
  }
  const rssOk = peak !== null && peak / 1024 <= RSS_TARGET_MIB;
  rows.push(
    `| ${RSS_ROW} | ${mib(peak)} | — | — | ≤ ${RSS_TARGET_MIB} MiB ${rssOk ? "OK" : "MISS"} | — | — |`,
  );
  return [
    TABLE_START,
    `Measured on ${machineLine}, ${ctx.date.toISOString().slice(0, 10)}; ${ctx.tools}; ${ctx.instance}; ` +
    `medians of ${ctx.runs} runs.`,
    "",
    TABLE_HEADER,
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    TABLE_END,
  ].join("\n");
}
