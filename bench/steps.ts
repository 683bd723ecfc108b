/**
 * A diagnostic beside `deno task bench`: times, in one process, the steps an up-to-date `pull` and an
 * unchanged `push` take outside restic, on a real opted-in pack folder (e.g. one kept by
 * `deno task bench --keep`). Changes nothing except taking and releasing the instance lock.
 *
 *   deno run -A bench/steps.ts --pack-folder=bench/.work/machine-b/.minecraft [--repeat 5]
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: { "pack-folder": { type: "string" }, repeat: { type: "string", default: "5" } },
});
const packFolder = values["pack-folder"];
if (!packFolder) throw new Error("--pack-folder=DIR is required");

const times: Record<string, number[]> = {};
async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const result = await fn();
  (times[name] ??= []).push(performance.now() - t);
  return result;
}

// Module loading, measured once (a second import is cached).
const core = await step("import cli/run.ts (whole CLI graph)", () => import("../cli/run.ts"));
void core;
const { Instance } = await import("../core/sync/instance.ts");
const { findRunningGame } = await import("../core/guards/gameRunning.ts");
const { acquireLock } = await import("../core/sync/lock.ts");
const { diffManifests, scanManifest } = await import("../core/sync/manifest.ts");
const { StateSchema } = await import("../core/sync/stateSchema.ts");
const { sameSet } = await import("../core/sync/sets.ts");

for (let i = 0; i < Number(values.repeat); i++) {
  const inst = await step(
    "Instance.open (sync.json, token, scope)",
    () => Instance.open({ packFolder, env: {} }),
  );
  if (!inst) throw new Error(`"${packFolder}" is not opted in`);
  await step("findRunningGame (/proc scan, session.lock)", () => findRunningGame(inst.packFolder));
  const lock = await step("acquireLock", () => acquireLock(inst.paths, { command: "pull" }));
  const text = await step("read state.json (text)", () => Deno.readTextFile(inst.paths.state));
  const raw = await step("JSON.parse state.json", () => JSON.parse(text));
  const state = await step("zod StateSchema.parse", () => StateSchema.parse(raw));
  const ids = await step("listIds (HTTP GET snapshots/)", () => inst.listIds());
  const local = await step("scanManifest", () => scanManifest(inst.packFolder, inst.scope));
  await step("diffManifests + sameSet", () => {
    diffManifests(state.baseManifest, local);
    return sameSet(ids, state.known);
  });
  await step("JSON.stringify state (what writeState serializes)", () => JSON.stringify(state));
  await step("lock.release", () => lock.release());
}

const files = Object.keys(
  StateSchema.parse(JSON.parse(await Deno.readTextFile(`${packFolder}/.cloud-sync/state.json`)))
    .baseManifest,
).length;
console.log(
  `steps in one process, ${files} files in the manifest (median of ${values.repeat}; first run in brackets):`,
);
for (const [name, xs] of Object.entries(times)) {
  const s = [...xs].sort((a, b) => a - b);
  console.log(`  ${name}: ${s[Math.floor(s.length / 2)].toFixed(1)} ms [${xs[0].toFixed(1)} ms]`);
}
