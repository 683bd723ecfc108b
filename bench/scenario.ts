/**
 * The benchmark's story, two machines and two bare-restic stand-ins sharing one repository:
 * - machine A plays and pushes (our `push`); "bare A" is a copy of A that gets the same kind of
 *   session changes and is backed up by bare `restic backup --parent <its last snapshot>`;
 * - machine B pulls A's sessions (our `pull`); "bare B" mirrors B and gets the same snapshot from bare
 *   `restic restore`.
 * Bare snapshots are tagged `conflict-backup` (a side copy in our history graph) so they never become
 * the head our machines follow, and A runs the launcher's pre-launch `pull` before each session, so
 * its known set includes them: in real use only our machines write to the repository.
 */
import { join } from "node:path";
import { DEFAULT_INCLUDE } from "../core/config/scope.ts";
import { splitKey } from "../core/repo/crypto.ts";
import { fastPassword } from "../core/repo/fastKey.ts";
import { fromBase64 } from "../core/repo/keyFile.ts";
import { EMPTY, FLOOR, MAIN, type Ours, type Sides, snapshotIdOf, ZOD } from "./env.ts";
import type { Shape } from "./instance.ts";
import { median, type RunResult, secs } from "./measure.ts";
import { newPair, type Pair } from "./report.ts";
import { BENCH_LINES, type BenchLine } from "./lines.ts";
import { describeCalls } from "./resticSpy.ts";
import { applySessionChange } from "./session.ts";

const linePair = (l: BenchLine) => newPair(l.name, l.baseline, l.target);

export interface ScenarioInput {
  shape: Shape;
  runs: number;
  work: string;
  packA: string;
  url: string;
  token: string;
  run: Sides;
  log: (m: string) => void;
}

export interface ScenarioResult {
  pairs: Pair[];
  changedPush: Pair;
  cloudPull: Pair;
  info: string[];
  /** Files and bytes under saves/ on machine A at the end. */
  savesFiles: number;
  savesBytes: number;
}

const pf = (dir: string) => `--pack-folder=${dir}`;

export async function runScenario(s: ScenarioInput): Promise<ScenarioResult> {
  const { run, work, packA, shape } = s;
  const packB = join(work, "machine-b", ".minecraft");
  const bareA = join(work, "bare-a", ".minecraft");
  const bareB = join(work, "bare-b", ".minecraft");
  const plain = join(work, "not-opted-in", ".minecraft");
  const info: string[] = [];

  s.log("setup: first push from machine A");
  const first = await run.ours("machine-a", ["push", pf(packA)], /uploaded snapshot/);
  info.push(`setup: first push (uploads everything) ${secs(first.ms)}: ${describeCalls(first.calls)}`);

  s.log("setup: bare copy of A and its first backup");
  await copyTree(packA, bareA);
  for (const f of ["sync.json", "token", "state.json", "lock"]) {
    await Deno.remove(join(bareA, ".cloud-sync", f)).catch(() => {});
  }
  const backupArgs = (parent?: string) => [
    "backup",
    "--json",
    ...["--files-from", ".cloud-sync/files-from.txt", "--exclude-file", ".cloud-sync/exclude-from.txt"],
    ...["--host", "bench-bare", "--tag", "conflict-backup"],
    ...(parent ? ["--parent", parent] : []),
  ];
  let lastBare = snapshotIdOf((await run.bare(backupArgs(), bareA)).stdout);
  const bareBackup = async () => {
    const r = await run.bare(backupArgs(lastBare), bareA);
    lastBare = snapshotIdOf(r.stdout);
    return r;
  };

  s.log("setup: machine B joins and restores everything");
  const instanceId = JSON.parse(await Deno.readTextFile(join(packA, ".cloud-sync", "sync.json"))).instance_id;
  for (const d of [packB, bareB, join(plain, "saves", "World")]) await Deno.mkdir(d, { recursive: true });
  await Deno.writeTextFile(join(plain, "options.txt"), "fov:70\n");
  await run.ours(
    "machine-b",
    ["init", `--url=${s.url}`, `--instance-id=${instanceId}`, pf(packB)],
    undefined,
    s.token,
  );
  await run.ours("machine-b", ["pull", pf(packB)], /updated to the cloud/);
  await run.bare(["restore", "--json", await baseOf(packA), "--target", bareB]);
  // Line 6 joins a new computer with an empty folder in every run (below): its own user cache, so its key
  // is derived at `init`, as joining does, and its first pull restores everything.
  const firstRestore = linePair(BENCH_LINES.firstRestore);
  info.push(
    "6. first restore: each run a new computer joins with an empty folder (`init --instance-id`, not " +
      "measured) and pulls; bare restic restores the same snapshot into another empty folder",
  );

  const gate = linePair(BENCH_LINES.gate);
  const upToDate = linePair(BENCH_LINES.upToDate);
  const unchangedPush = linePair(BENCH_LINES.unchangedPush);
  const changedPush = linePair(BENCH_LINES.changedPush);
  const cloudPull = linePair(BENCH_LINES.cloudPull);
  const statusPair = linePair(BENCH_LINES.status);
  const historyPair = linePair(BENCH_LINES.history);
  // bench/floor.ts on machine B: Deno's start, the listing GET and the stat walk, nothing else.
  const floor: RunResult[] = [];
  for (const p of [upToDate, unchangedPush]) p.floor = { runs: floor, plusBase: false };
  // restic opening the repository with the token and with the fast key our runs use: lines 4–6's floor is
  // bare restic less that difference (the key derivation our restic skips), so "above it" stays ours.
  const openToken: RunResult[] = [];
  const openFast: RunResult[] = [];
  const derivation = () => median(openToken.map((r) => r.ms)) - median(openFast.map((r) => r.ms));
  for (const p of [changedPush, cloudPull, firstRestore]) {
    p.floor = {
      runs: floor,
      plusBase: true,
      lessMs: derivation,
      label: "floor process + bare restic less its key derivation",
    };
  }
  // status and history cannot avoid reading every snapshot either (history does not walk the folder).
  const statusFloor: RunResult[] = [];
  const historyFloor: RunResult[] = [];
  statusPair.floor = { runs: statusFloor, plusBase: false, label: "floor process + snapshots read" };
  historyPair.floor = {
    runs: historyFloor,
    plusBase: false,
    label: "floor process, snapshots read, no walk",
  };
  const keyDir = join(s.work, "user-cache", "machine-b", "keys");
  const [keyFile] = [...Deno.readDirSync(keyDir)].map((e) => join(keyDir, e.name));
  const fastEnv = await fastKeyEnv(keyFile);
  const floorEnv = {
    BENCH_FLOOR_URL: `${s.url}/${s.token.split(":")[0]}/${instanceId}/`,
    BENCH_FLOOR_AUTH: s.token.trim(),
  };
  const version: RunResult[] = [];
  const historyAgain: RunResult[] = [];
  const noConfig: RunResult[] = [];
  const zod: RunResult[] = [];
  const spyVersion: RunResult[] = [];
  const bareVersion: RunResult[] = [];
  for (let k = 1; k <= s.runs; k++) {
    s.log(`run ${k}/${s.runs}`);
    const bareFirst = k % 2 === 0;
    const pair = async (p: Pair, ours: () => Promise<Ours>, bare: () => Promise<RunResult>) => {
      if (bareFirst) p.base.push(await bare());
      p.ours.push(await ours());
      if (!bareFirst) p.base.push(await bare());
    };
    await pair(changedPush, async () => {
      // The launcher's pre-launch pull (not measured), then the session, then the measured push.
      await run.ours("machine-a", ["pull", pf(packA)], /up to date/);
      await applySessionChange(packA, shape, k);
      return await run.ours("machine-a", ["push", pf(packA)], /uploaded snapshot/);
    }, async () => {
      await applySessionChange(bareA, shape, k);
      return await bareBackup();
    });
    const head = await baseOf(packA);
    await pair(
      cloudPull,
      () => run.ours("machine-b", ["pull", pf(packB)], /updated to the cloud/),
      () => run.bare(["restore", "--json", head, "--target", bareB]),
    );
    const fresh = join(work, `new-computer-${k}`, ".minecraft");
    const freshBare = join(work, `new-bare-${k}`, ".minecraft");
    for (const d of [fresh, freshBare]) await Deno.mkdir(d, { recursive: true });
    await run.ours(
      `new-computer-${k}`,
      ["init", `--url=${s.url}`, `--instance-id=${instanceId}`, pf(fresh)],
      undefined,
      s.token,
    );
    await pair(
      firstRestore,
      () => run.ours(`new-computer-${k}`, ["pull", pf(fresh)], /updated to the cloud/),
      () => run.bare(["restore", "--json", head, "--target", freshBare]),
    );
    await checkSame(packB, fresh, freshBare);
    for (const d of [fresh, freshBare]) await Deno.remove(join(d, ".."), { recursive: true });
    await pair(
      upToDate,
      () => run.ours("machine-b", ["pull", pf(packB)], /up to date/),
      () => run.bare(["snapshots", "--json"]),
    );
    floor.push(await run.deno([FLOOR, packB, ...DEFAULT_INCLUDE], floorEnv));
    await pair(unchangedPush, () => run.ours("machine-a", ["push", pf(packA)], /up to date/), bareBackup);
    await pair(gate, () => run.ours("nobody", ["pull", pf(plain)]), () => run.deno([EMPTY]));
    await pair(
      statusPair,
      () => run.ours("machine-b", ["status", pf(packB)]),
      () => run.bare(["snapshots", "--json"]),
    );
    statusFloor.push(await run.deno([FLOOR, `--snapshots=${keyFile}`, packB, ...DEFAULT_INCLUDE], floorEnv));
    historyFloor.push(await run.deno([FLOOR, `--snapshots=${keyFile}`, "--no-walk", packB], floorEnv));
    await pair(
      historyPair,
      () => run.ours("machine-b", ["history", pf(packB)]),
      () => run.bare(["snapshots", "--json"]),
    );
    // The same history once more: every snapshot is described now (world tags, or world-index.json for
    // the bare one), which is what a player's history looks like when all snapshots come from this tool.
    historyAgain.push(await run.ours("machine-b", ["history", pf(packB)]));
    version.push(await run.deno([MAIN, "--version"]));
    noConfig.push(await run.deno(["--no-config", EMPTY]));
    zod.push(await run.deno([ZOD]));
    spyVersion.push(await run.spy(["version"]));
    openToken.push(await run.bare(["cat", "config"]));
    openFast.push(await run.bare(["cat", "config"], undefined, fastEnv));
    bareVersion.push(await run.bare(["version"]));
  }
  const spyCost = median(spyVersion.map((r) => r.ms)) - median(bareVersion.map((r) => r.ms));
  const again = median(historyAgain.map((r) => r.ms));
  info.push(
    `8. history run again at once (every snapshot described already, by its world tags or ` +
      `world-index.json; the usual case when all snapshots come from instance-sync): ${secs(again)} = ${
        (again / median(historyPair.base.map((r) => r.ms))).toFixed(2)
      }x of ` +
      "the line's `restic snapshots`",
    `\`deno run cli/main.ts --version\` (loads the full CLI module graph, does no work): ` +
      secs(median(version.map((r) => r.ms))),
    `empty \`deno run --no-config\` (no deno.json/lock/npm resolution; closest to a compiled binary's ` +
      `start-up floor): ${secs(median(noConfig.map((r) => r.ms)))}`,
    `loading zod, the boundary validator (\`deno run\` of an import of it vs the empty one): +${
      (median(zod.map((r) => r.ms)) - median(gate.base.map((r) => r.ms))).toFixed(0)
    } ms; lines 5–8 pay it before their answer when the listing or a snapshot is new, line 4 loads it ` +
      "while it waits for the listing (the fast key's cache entry is checked with it), lines 2–3 never load it",
    `restic opening the repository (\`restic cat config\`): ${
      secs(median(openToken.map((r) => r.ms)))
    } with ` +
      `the token, ${secs(median(openFast.map((r) => r.ms)))} with the fast key our restic runs use: ` +
      `${derivation().toFixed(0)} ms of scrypt skipped per restic process`,
    `the logging wrapper adds ${
      spyCost.toFixed(1)
    } ms per restic process (\`restic version\` through it vs ` +
      "direct); it is counted against us",
  );
  await checkSame(packA, packB, bareB);
  const saves = Object.values(await listScope(packA));
  return {
    pairs: [gate, upToDate, unchangedPush, changedPush, cloudPull, firstRestore, statusPair, historyPair],
    changedPush,
    cloudPull,
    info,
    savesFiles: saves.length,
    savesBytes: saves.reduce((a, b) => a + b, 0),
  };
}

/**
 * restic's environment for the fast key machine B found or made on its first pull (its cache entry
 * names it; the password is computed from the cached master key, as our runs do).
 */
async function fastKeyEnv(keyFile: string): Promise<Record<string, string>> {
  const entry = JSON.parse(await Deno.readTextFile(keyFile));
  if (!entry.fastKey) throw new Error(`machine B's first pull left no fast key in "${keyFile}"`);
  const password = await fastPassword(splitKey(fromBase64(entry.key)), entry.repository);
  return { RESTIC_PASSWORD: password, RESTIC_KEY_HINT: entry.fastKey };
}

async function baseOf(pack: string): Promise<string> {
  return JSON.parse(await Deno.readTextFile(join(pack, ".cloud-sync", "state.json"))).base.id;
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(join(to, ".."), { recursive: true });
  const out = await new Deno.Command("cp", { args: ["-a", from, to] }).output();
  if (!out.success) throw new Error(`cp -a failed: ${new TextDecoder().decode(out.stderr)}`);
}

/** Both machines and the bare restore target must hold the same synced files (path and size). */
async function checkSame(a: string, ...others: string[]): Promise<void> {
  const want = JSON.stringify(await listScope(a));
  for (const o of others) {
    if (JSON.stringify(await listScope(o)) !== want) {
      throw new Error(`"${o}" does not match "${a}" after the runs`);
    }
  }
}

async function listScope(dir: string, rel = "saves", out: Record<string, number> = {}) {
  for await (const e of Deno.readDir(join(dir, rel))) {
    const p = `${rel}/${e.name}`;
    if (e.isDirectory) await listScope(dir, p, out);
    else if (e.name !== "session.lock") out[p] = (await Deno.stat(join(dir, p))).size;
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}
