/**
 * A diagnostic beside `deno task bench`: runs one CLI command in this process and prints a timeline
 * of what it did — config and state reads, HTTP requests, restic processes, fsyncs, and the `lstat`
 * bursts of manifest scans — by wrapping those Deno APIs before the CLI loads. It routes the command as
 * the program's entry point does (cli/gate.ts: a plain hook, `status` or `history` takes the quick lane,
 * without commander), so the timeline is the bench's; times count from the isolate's time origin. Use it
 * on a folder kept by `deno task bench --keep` (with its rest-server running) to see where a MISS comes
 * from.
 *
 *   INSTANCE_SYNC_RESTIC=… RESTIC_CACHE_DIR=… deno run -A bench/trace.ts push --pack-folder=DIR
 */
const T0 = 0; // the isolate's time origin
const events: string[] = [];
const at = () => (performance.now() - T0).toFixed(1).padStart(7);
// Resident memory beside each event: where a line's peak RSS is reached.
const rss = () => `${(Deno.memoryUsage().rss / 1048576).toFixed(1).padStart(6)} MiB`;
const mark = (m: string) => events.push(`${at()} ms ${rss()}  ${m}`);
const tail = (p: string | URL, n = 2) => String(p).split("/").slice(-n).join("/");

const realFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  mark(`fetch ${init?.method ?? "GET"} …/${tail(url.replace(/\/\/[^@/]*@/, "//"), 2)}`);
  const res = await realFetch(input, init);
  mark(`fetch answered ${res.status}`);
  return res;
};

const RealCommand = Deno.Command;
class TracedCommand extends RealCommand {
  constructor(cmd: string | URL, opts?: Deno.CommandOptions) {
    super(cmd, opts);
    const name = `${tail(cmd, 1)} ${opts?.args?.[0] ?? ""}`;
    const spawn = this.spawn.bind(this);
    const output = this.output.bind(this);
    this.output = async () => {
      mark(`run ${name}`);
      const out = await output();
      mark(`exit ${name}`);
      return out;
    };
    this.spawn = () => {
      mark(`spawn ${name}`);
      const child = spawn();
      child.status.then(() => mark(`exit ${name}`));
      return child;
    };
  }
}
Deno.Command = TracedCommand;

const lstatTimes: number[] = [];
const realLstat = Deno.lstat;
Deno.lstat = async (path) => {
  lstatTimes.push(performance.now() - T0);
  return await realLstat(path);
};
const realSync = Deno.FsFile.prototype.sync;
Deno.FsFile.prototype.sync = async function (this: Deno.FsFile) {
  const t = performance.now();
  await realSync.call(this);
  mark(`fsync (${(performance.now() - t).toFixed(1)} ms)`);
};
const realRead = Deno.readTextFile;
Deno.readTextFile = async (path, opts) => {
  if (!String(path).endsWith("/comm")) mark(`read ${tail(path)}`);
  return await realRead(path, opts);
};
const realOpen = Deno.open;
Deno.open = async (path, opts) => {
  mark(`open ${tail(path)}${opts?.write ? " (write)" : ""}`);
  return await realOpen(path, opts);
};

mark("trace ready (Deno started, this module loaded)");
const { routeHook, runRoute } = await import("../cli/gate.ts");
const route = routeHook(Deno.args, Deno.env.toObject(), Deno.cwd());
mark(`routed: ${route.kind === "lane" ? `quick lane (${route.command}, no commander)` : route.kind}`);
const code = await runRoute(route, Deno.args);
mark(`finished, exit code ${code}`);

// Consecutive lstat calls less than 3 ms apart form one burst (a manifest scan, an exists() series).
let start = lstatTimes[0];
let prev = start;
let count = 0;
for (const t of [...lstatTimes, Infinity]) {
  if (t - prev > 3) {
    events.push(`  lstat burst ${start.toFixed(1)}–${prev.toFixed(1)} ms: ${count} calls`);
    start = t;
    count = 0;
  }
  prev = t;
  count++;
}
console.log(events.join("\n"));
