/**
 * `deno task bench`: how much instance-sync costs on top of restic, measured as whole processes
 * against bare restic doing the same work on the same repository, in the same run.
 *
 *   deno task bench [--worlds 3] [--region-mb 60] [--small-files 3000] [--runs 5] [--keep] [--markdown]
 *
 * Generates a realistic instance under bench/.work/ (removed afterwards unless --keep), starts a local
 * rest-server (append-only, private repos), sets up two machines, and prints one ratio line per
 * comparison (medians), peak memory, and where our time went; with --markdown, stdout gets only the
 * table docs/performance.md holds (bench/markdown.ts) and the report goes to stderr. Exits 0 on a MISS
 * (it is a report); non-zero only when something failed to run. See bench/README.md for the method.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { startRestServer } from "../tests/helpers/restServer.ts";
import { testResticPath } from "../tests/helpers/tools.ts";
import { MAIN, REPO_ROOT, sides } from "./env.ts";
import { generateInstance, type Shape } from "./instance.ts";
import { mib, type RunResult, secs } from "./measure.ts";
import { breakdown, ratioLine, rssLine, rssTargetLines } from "./report.ts";
import { writeResticSpy } from "./resticSpy.ts";
import { machine, markdownTable } from "./markdown.ts";
import { runScenario } from "./scenario.ts";
import { measureRclone } from "./rclone.ts";
import { describeCalls } from "./resticSpy.ts";

const WORK = join(REPO_ROOT, "bench", ".work");
const USER = "bench";
const PASSWORD = "bench-" + crypto.randomUUID();

function flags() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      worlds: { type: "string", default: "3" },
      "region-mb": { type: "string", default: "60" },
      "small-files": { type: "string", default: "3000" },
      runs: { type: "string", default: "5" },
      keep: { type: "boolean", default: false },
      markdown: { type: "boolean", default: false },
    },
  });
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };
  return {
    shape: {
      worlds: int("worlds", values.worlds, 1),
      regionMb: int("region-mb", values["region-mb"], 0),
      smallFiles: int("small-files", values["small-files"], 0),
    } satisfies Shape,
    runs: int("runs", values.runs, 1),
    keep: values.keep,
    markdown: values.markdown,
  };
}

async function main(): Promise<void> {
  const opts = flags();
  await Deno.remove(WORK, { recursive: true }).catch(() => {});
  await Deno.mkdir(join(WORK, "server"), { recursive: true });
  const restic = testResticPath();
  const spy = await writeResticSpy(WORK, restic);
  const log = (m: string) => console.error(`bench: ${m}`);

  const t = performance.now();
  const packA = join(WORK, "machine-a", ".minecraft");
  const bytes = await generateInstance(packA, opts.shape);
  log(`generated ${(bytes / 2 ** 20).toFixed(0)} MiB in ${secs(performance.now() - t)}`);

  const server = await startRestServer({ users: { [USER]: PASSWORD }, dataDir: join(WORK, "server") });
  try {
    await measure(opts, packA, spy, restic, server.url, server.port, log);
  } finally {
    await server.kill();
  }
  if (opts.keep) log(`kept ${WORK}`);
  else await Deno.remove(WORK, { recursive: true }).catch(() => {});
}

async function measure(
  opts: ReturnType<typeof flags>,
  packA: string,
  spy: string,
  restic: string,
  url: string,
  port: number,
  log: (m: string) => void,
): Promise<void> {
  let instanceId = "";
  const run = sides({
    work: WORK,
    spy,
    restic,
    cacheDir: join(WORK, "restic-cache"),
    password: PASSWORD,
    repository: () => `rest:http://${USER}:${PASSWORD}@127.0.0.1:${port}/${USER}/${instanceId}/`,
  });
  const token = `${USER}:${PASSWORD}\n`;
  await run.ours("machine-a", ["init", `--url=${url}`, `--pack-folder=${packA}`], undefined, token);
  instanceId = JSON.parse(await Deno.readTextFile(join(packA, ".cloud-sync", "sync.json"))).instance_id;

  const t = performance.now();
  const result = await runScenario({ ...opts, work: WORK, packA, url, token, run, log });
  log(`measured in ${secs(performance.now() - t)}`);

  const [resticVersion] = (await run.bare(["version"])).stdout.split("\n");
  const out: string[] = [];
  out.push(
    `instance: ${opts.shape.worlds} worlds × ${opts.shape.regionMb} MiB of region files, ` +
      `${opts.shape.smallFiles} small files; saves/ holds ${result.savesFiles} files, ` +
      `${(result.savesBytes / 2 ** 20).toFixed(0)} MiB`,
    `tools: deno ${Deno.version.deno}, ${resticVersion}, ${navigator.hardwareConcurrency} CPUs; ` +
      `medians of ${opts.runs} runs; our side is \`${
        Deno.env.get("INSTANCE_SYNC_CLI") || `deno run -A ${MAIN.slice(REPO_ROOT.length)}`
      }\``,
    "cache: one RESTIC_CACHE_DIR (bench/.work/restic-cache) for ours and bare restic, warm (filled during " +
      "setup); the order of ours/bare alternates run by run",
    "",
  );
  for (const p of result.pairs) out.push(ratioLine(p).line);
  out.push(rssLine("changed push", result.changedPush), rssLine("pull with cloud changes", result.cloudPull));
  out.push(...rssTargetLines(result.pairs.slice(1), 80));
  const [gate, upToDate] = result.pairs;
  out.push(
    `  (for scale: empty deno run ${mib(maxRss(gate.base))}, up-to-date pull ${
      mib(maxRss(upToDate.ours))
    }; ` +
      "RSS of our process read as VmHWM from /proc/<pid>/status every 20 ms, of restic by GNU time %M)",
  );
  // The same hook lines for a location only restic reads (rclone), after the rest-server story.
  const rclone = await measureRclone({
    run,
    work: WORK,
    packA,
    token,
    runs: opts.runs,
    shape: opts.shape,
    log,
  });
  out.push("");
  if (rclone) {
    for (const p of rclone) out.push(`${ratioLine(p).line}; ${describeCalls(p.ours.at(-1)!.calls)}`);
  } else out.push("rclone lines: not measured, rclone is not installed");
  out.push("", "info:");
  for (const line of result.info) out.push(`  ${line}`);
  out.push("", "where our time goes (restic processes started by our command, from the logging wrapper):");
  for (const p of result.pairs) out.push(...breakdown(p));
  if (!opts.markdown) return console.log(out.join("\n"));
  console.error(out.join("\n"));
  const instance = `${opts.shape.worlds} worlds × ${opts.shape.regionMb} MiB of region files and ` +
    `${opts.shape.smallFiles} small files (${result.savesFiles} files in saves/)`;
  const tools = `deno ${Deno.version.deno}, ${resticVersion.replace(/ compiled.*$/, "")}`;
  const ctx = { date: new Date(), runs: opts.runs, instance, tools };
  console.log(markdownTable(result.pairs, ctx, await machine()));
}

function maxRss(runs: RunResult[]): number | null {
  const known = runs.map((r) => r.peakRssKiB).filter((x): x is number => x !== null);
  return known.length ? Math.max(...known) : null;
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    console.error(`bench: failed: ${e instanceof Error ? e.stack ?? e.message : e}`);
    Deno.exit(1);
  }
}
