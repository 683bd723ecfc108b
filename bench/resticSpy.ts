/**
 * A wrapper around the real restic for our runs (`INSTANCE_SYNC_RESTIC`): it appends one line per
 * invocation to the file named by `$BENCH_RESTIC_LOG` — start and end (ns), exit code, restic's peak
 * RSS (GNU time's `%M`, KiB) and argv — so the report can say how many restic processes each command
 * started and where the time went. argv never holds secrets (they travel in the environment). The
 * wrapper's own cost (a shell, `date` twice, `/usr/bin/time`) is measured by `wrapperOverheadMs` and
 * counted against us: bare baselines run restic directly.
 */
import { join } from "node:path";

export interface ResticCall {
  /** The restic subcommand (`backup`, `snapshots`, `version`). */
  command: string;
  argv: string;
  startMs: number;
  ms: number;
  code: number;
  peakRssKiB: number | null;
}

/** Writes the wrapper script into `dir` and returns its path. */
export async function writeResticSpy(dir: string, realRestic: string): Promise<string> {
  const path = join(dir, "restic-spy.sh");
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const script = `#!/bin/sh
log="\${BENCH_RESTIC_LOG:-/dev/null}"
s=$(date +%s%N)
if [ -x /usr/bin/time ]; then
  rss="$log.rss.$$"
  /usr/bin/time -f '%M' -o "$rss" ${q(realRestic)} "$@"; rc=$?
  m=$(tail -n 1 "$rss" 2>/dev/null); rm -f "$rss"
else
  ${q(realRestic)} "$@"; rc=$?; m=-
fi
e=$(date +%s%N)
printf '%s\\t%s\\t%s\\t%s\\t%s\\n' "$s" "$e" "$rc" "$m" "$*" >> "$log"
exit $rc
`;
  await Deno.writeTextFile(path, script, { mode: 0o755 });
  await Deno.chmod(path, 0o755);
  return path;
}

/** Reads and clears a log written by the wrapper. */
export async function takeCalls(log: string): Promise<ResticCall[]> {
  let text = "";
  try {
    text = await Deno.readTextFile(log);
    await Deno.remove(log);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return text.split("\n").filter(Boolean).map((line) => {
    const [s, e, rc, rss, argv] = line.split("\t");
    const start = Number(BigInt(s) / 1000n) / 1000;
    return {
      command: argv.split(" ")[0],
      argv,
      startMs: start,
      ms: Number(BigInt(e) / 1000n) / 1000 - start,
      code: Number(rc),
      peakRssKiB: /^\d+$/.test(rss) ? Number(rss) : null,
    };
  });
}

/** One line per call: `backup 1.23s (rss 80 MiB)`. */
export function describeCalls(calls: ResticCall[]): string {
  if (calls.length === 0) return "no restic process";
  return calls.map((c) => {
    const rss = c.peakRssKiB === null ? "" : `, rss ${(c.peakRssKiB / 1024).toFixed(0)} MiB`;
    return `${c.command} ${(c.ms / 1000).toFixed(2)}s${rss}${c.code ? `, exit ${c.code}` : ""}`;
  }).join("; ");
}
