/**
 * The quick start path. Launchers call `pull`/`push` for every instance, synced or not, with a handful
 * of well-known flags, and players run `status`/`history` often. `routeHook` reads such a command line
 * without commander (whose module graph costs more than a whole up-to-date pull's work) and says where
 * it goes:
 * - "not-opted-in": a `pull`/`push` on an existing folder without `.cloud-sync/sync.json`: exit 0;
 * - "lane": `pull`, `push`, `status` or `history` whose every flag is known and well-formed:
 *   cli/lane.ts runs it with the flags exactly as commander would have parsed them (tests/cli/gate_test.ts
 *   compares both);
 * - "full": anything else (help, bad flags or values, other commands) goes through the full CLI, which
 *   reports errors as usual.
 * Imports nothing at run time (one type), so it costs no module loading.
 */
import type { LaneCommand } from "./laneCommand.ts";

export type HookRoute =
  | { kind: "not-opted-in" }
  | { kind: "lane"; command: LaneCommand; flags: Record<string, unknown> }
  | { kind: "full" };

const CONFLICT_POLICIES = ["abort", "keep-local", "use-cloud", "keep-both"];
const positive = (v: string) => Number.isFinite(Number(v)) && Number(v) > 0;

interface ValueFlag {
  /** commander's option key */
  key: string;
  valid?: (v: string) => boolean;
  number?: true;
}
/**
 * A flag that takes no value and what it sets (commander's `--no-x` sets `x: false`, its default being
 * true). `--no-color` belongs to the program, not the command: it sets nothing here (cli/lane.ts reads it
 * as cli/run.ts does).
 */
type BooleanFlag = [key: string, value: boolean] | [];

/** The options of every command that works on one instance (cli/program.ts `withInstanceOptions`). */
const INSTANCE_VALUES: Record<string, ValueFlag> = {
  "--pack-folder": { key: "packFolder" },
  "--token-file": { key: "tokenFile" },
  "--restic-binary": { key: "resticBinary" },
  "--instance-label": { key: "instanceLabel" },
};
const INSTANCE_BOOLEANS: Record<string, BooleanFlag> = {
  "--no-download": ["download", false],
  "--json": ["json", true],
  "--no-color": [],
};
const NO_GUI: Record<string, BooleanFlag> = { "-g": ["gui", false], "--no-gui": ["gui", false] };

const SYNC = {
  values: {
    ...INSTANCE_VALUES,
    "--on-conflict": { key: "onConflict", valid: (v) => CONFLICT_POLICIES.includes(v) },
    "--offline": { key: "offline", valid: (v) => v === "allow" || v === "abort" },
    "--on-playing-elsewhere": {
      key: "onPlayingElsewhere",
      valid: (v) => ["ask", "play", "cancel"].includes(v),
    },
    "--stall-timeout": { key: "stallTimeout", valid: positive, number: true },
    "--dialog-timeout": { key: "dialogTimeout", valid: positive, number: true },
    "--dialog": { key: "dialog", valid: (v) => v === "window" || v === "browser" || v === "none" },
  } as Record<string, ValueFlag>,
  booleans: { ...INSTANCE_BOOLEANS, ...NO_GUI, "--allow-mass-delete": ["allowMassDelete", true] } as Record<
    string,
    BooleanFlag
  >,
  /** What commander holds before any flag: `--no-x` options default to true, `--offline` to "allow". */
  defaults: { download: true, gui: true, offline: "allow" } as Record<string, unknown>,
};
const COMMANDS: Record<LaneCommand, typeof SYNC> = {
  pull: SYNC,
  push: SYNC,
  status: { values: INSTANCE_VALUES, booleans: INSTANCE_BOOLEANS, defaults: { download: true } },
  history: {
    values: { ...INSTANCE_VALUES, "--world": { key: "world" } },
    booleans: { ...INSTANCE_BOOLEANS, ...NO_GUI },
    defaults: { download: true, gui: true },
  },
};

export function routeHook(args: string[], env: Record<string, string | undefined>, cwd: string): HookRoute {
  const [command, ...rest] = args;
  if (!Object.hasOwn(COMMANDS, command)) return { kind: "full" };
  const spec = COMMANDS[command as LaneCommand];
  const flags: Record<string, unknown> = { ...spec.defaults };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const boolean = Object.hasOwn(spec.booleans, arg) ? spec.booleans[arg] : undefined;
    if (boolean) {
      if (boolean.length) flags[boolean[0]] = boolean[1];
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = Object.hasOwn(spec.values, name) ? spec.values[name] : undefined;
    if (!value) return { kind: "full" };
    const text = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (text === undefined || text === "" || (value.valid && !value.valid(text))) return { kind: "full" };
    flags[value.key] = value.number ? Number(text) : text;
  }
  if (command !== "pull" && command !== "push") {
    return { kind: "lane", command: command as LaneCommand, flags };
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
  return { kind: "lane", command, flags };
}

/** True only when the run is a `pull`/`push` that ends at once: a folder that is not opted in. */
export function hookGate(args: string[], env: Record<string, string | undefined>, cwd: string): boolean {
  return routeHook(args, env, cwd).kind === "not-opted-in";
}

/**
 * Runs `args` the way `route` says and returns the exit code: nothing for a folder that is not opted in,
 * the quick lane (no commander) for a plain hook, `status` or `history`, the full CLI otherwise. Each
 * side loads only when it runs. The entry point and `bench/trace.ts` both go through here.
 */
export async function runRoute(route: HookRoute, args: string[]): Promise<number> {
  if (route.kind === "not-opted-in") return 0;
  if (route.kind === "lane") {
    const { runLaneProcess } = await import("./lane.ts");
    return await runLaneProcess(route.command, route.flags, args);
  }
  const { runProcess } = await import("./run.ts");
  return await runProcess(args);
}
