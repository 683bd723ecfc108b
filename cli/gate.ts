/**
 * The launcher-hook fast path. Launchers call `pull`/`push` for every instance, synced or not, with a
 * handful of well-known flags. `routeHook` reads such a command line without commander (whose module
 * graph costs more than a whole up-to-date pull's work) and says where it goes:
 * - "not-opted-in": a `pull`/`push` on an existing folder without `.cloud-sync/sync.json`: exit 0;
 * - "hook": a `pull`/`push` whose every flag is known and well-formed: cli/hookLane.ts runs it with the
 *   flags exactly as commander would have parsed them (tests/cli/gate_test.ts compares both);
 * - "full": anything else (help, bad flags or values, other commands) goes through the full CLI, which
 *   reports errors as usual.
 * Imports nothing, so it costs no module loading.
 */
import type { PullPushFlags } from "./commands/sync.ts";

export type HookRoute =
  | { kind: "not-opted-in" }
  | { kind: "hook"; command: "pull" | "push"; flags: PullPushFlags }
  | { kind: "full" };

type Flags = Record<string, unknown>;
const CONFLICT_POLICIES = ["abort", "keep-local", "use-cloud", "keep-both"];
const positive = (v: string) => Number.isFinite(Number(v)) && Number(v) > 0;

/** Value flags: the commander option key, a check, and how the value is stored. */
const VALUE_FLAGS: Record<string, { key: string; valid?: (v: string) => boolean; number?: true }> = {
  "--pack-folder": { key: "packFolder" },
  "--token-file": { key: "tokenFile" },
  "--restic-binary": { key: "resticBinary" },
  "--instance-label": { key: "instanceLabel" },
  "--on-conflict": { key: "onConflict", valid: (v) => CONFLICT_POLICIES.includes(v) },
  "--offline": { key: "offline", valid: (v) => v === "allow" || v === "abort" },
  "--stall-timeout": { key: "stallTimeout", valid: positive, number: true },
  "--dialog-timeout": { key: "dialogTimeout", valid: positive, number: true },
};
/**
 * Boolean flags and what they set (commander's `--no-x` sets `x: false`, its default being true).
 * `--no-color` belongs to the program, not the command: it sets nothing here (the lane reads it as
 * cli/run.ts does).
 */
const BOOLEAN_FLAGS: Record<string, [string, boolean] | []> = {
  "--no-download": ["download", false],
  "-g": ["gui", false],
  "--no-gui": ["gui", false],
  "--json": ["json", true],
  "--allow-mass-delete": ["allowMassDelete", true],
  "--no-color": [],
};
/** What commander holds before any flag: `--no-x` options default to true, `--offline` to "allow". */
const DEFAULTS: Flags = { download: true, gui: true, offline: "allow" };

export function routeHook(args: string[], env: Record<string, string | undefined>, cwd: string): HookRoute {
  const [command, ...rest] = args;
  if (command !== "pull" && command !== "push") return { kind: "full" };
  const flags: Flags = { ...DEFAULTS };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const boolean = BOOLEAN_FLAGS[arg];
    if (boolean) {
      if (boolean.length) flags[boolean[0]] = boolean[1];
      continue;
    }
    const eq = arg.indexOf("=");
    const spec = VALUE_FLAGS[eq > 0 ? arg.slice(0, eq) : arg];
    if (!spec) return { kind: "full" };
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || value === "" || (spec.valid && !spec.valid(value))) return { kind: "full" };
    flags[spec.key] = spec.number ? Number(value) : value;
  }
  let folder = (flags.packFolder as string | undefined) ?? env.INST_MC_DIR ?? cwd;
  if (folder === "") return { kind: "full" };
  // Relative paths resolve against cwd; both separators, since this runs before node:path is loaded.
  if (!/^([A-Za-z]:)?[\\/]/.test(folder)) folder = `${cwd}/${folder}`;
  try {
    if (!Deno.statSync(folder).isDirectory) return { kind: "full" };
  } catch {
    return { kind: "full" };
  }
  try {
    Deno.lstatSync(`${folder}/.cloud-sync/sync.json`);
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? { kind: "not-opted-in" } : { kind: "full" };
  }
  return { kind: "hook", command, flags: flags as unknown as PullPushFlags };
}

/** True only when the run is a `pull`/`push` that ends at once: a folder that is not opted in. */
export function hookGate(args: string[], env: Record<string, string | undefined>, cwd: string): boolean {
  return routeHook(args, env, cwd).kind === "not-opted-in";
}
