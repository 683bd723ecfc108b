/**
 * `deno task compile` and `deno task compile:all`: build the standalone `instance-sync` binaries.
 *
 *   deno run -A scripts/compile.ts            dist/instance-sync[.exe] for this machine
 *   deno run -A scripts/compile.ts --all      dist/instance-sync-<target>[.exe] for every release target
 *   ... --dry-run                             type-check and verify the module graph, print the
 *                                             `deno compile` commands, compile nothing
 *
 * `deno compile` downloads the Deno runtime for each target from dl.deno.land. Where that host cannot
 * be reached (our own machines), the task fails with one line that says so instead of Deno's chain of
 * network errors; the release workflow runs it where the download works.
 */
import { fileURLToPath, pathToFileURL } from "node:url";

/** The targets a release ships (every `deno compile --target` that matches a restic build). */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/**
 * The permissions baked into the binary. Each one is unscoped on purpose: the paths, programs and
 * hosts are chosen by the player at run time, so a list fixed at build time would break real setups.
 * - read, write: the pack folder (`--pack-folder`, `$INST_MC_DIR`) lives anywhere the launcher keeps
 *   instances, and `--token-file`, `--restic-binary`, the restic cache and temp files follow the user.
 * - run: restic (any path: `--restic-binary`, `$INSTANCE_SYNC_RESTIC`, PATH or the download cache),
 *   and `ps` / `tasklist` for the guard that refuses to sync while Minecraft runs.
 * - env: `INST_*` from the launcher, `INSTANCE_SYNC_*`, `NO_COLOR`, HOME/APPDATA for caches, and the
 *   full environment handed to restic (proxy and TLS settings must reach it).
 * - net: the rest-server the user configured (any host) and the restic download from GitHub.
 * - sys: `Deno.hostname()`, the `--host` of every snapshot.
 * No `--allow-ffi`, `--allow-import` or `-A`: the program loads no native code and no remote modules.
 */
export const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-net",
  "--allow-sys",
] as const;

/**
 * V8 flags baked into the binary; `deno task bench` runs with the same flags.
 * - A young generation of 1 MiB semi-spaces instead of V8's default (up to 16 MiB) keeps the peak memory
 *   of a hook run lower (measured on a 3,200-file instance: a pull with cloud changes 126 → 89 MiB, a
 *   changed push 83 → 71 MiB, an up-to-date pull 79 → 68 MiB): a hook run allocates little that lives long.
 * - No Sparkplug and no TurboFan (Maglev stays): a run lasts a second or less, too short for their code
 *   to pay for itself, and their code and compiler threads cost memory (`history` 93 → 78 MiB, a pull
 *   with cloud changes 90 → 84 MiB, every timed bench line as fast or faster; Poly1305 over 2 MiB and a
 *   30,000-entry manifest diff take the same time under Maglev alone).
 */
export const V8_FLAGS = "--v8-flags=--max-semi-space-size=1,--no-opt,--no-sparkplug";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ENTRY = "cli/main.ts";

/** `dist/instance-sync` for the host build, `dist/instance-sync-<target>` for a release target. */
export function outputPath(target: string | null, hostIsWindows: boolean): string {
  const exe = (target === null ? hostIsWindows : target.includes("windows")) ? ".exe" : "";
  return `dist/instance-sync${target === null ? "" : `-${target}`}${exe}`;
}

/**
 * The `deno compile` arguments for one binary. No `--include`: every module is reached through static
 * imports or literal dynamic imports, and nothing is read from beside the source at run time.
 * `--no-check` because the task type-checks the entry once before compiling any target.
 */
export function compileArgs(target: string | null, hostIsWindows: boolean): string[] {
  return [
    "compile",
    "--frozen",
    "--no-check",
    ...PERMISSIONS,
    V8_FLAGS,
    ...(target === null ? [] : ["--target", target]),
    "--output",
    outputPath(target, hostIsWindows),
    ENTRY,
  ];
}

/** True when `deno compile` failed only because it could not download the runtime for a target. */
export function isRuntimeDownloadFailure(stderr: string): boolean {
  return /dl\.deno\.land/.test(stderr) &&
    /error sending request|dns error|connect|timed out|network|Setting up base binary/i.test(stderr);
}

/** The one line printed when the runtime cannot be downloaded. */
export function runtimeDownloadMessage(target: string): string {
  return `compile: deno compile needs to download the Deno runtime for ${target} from dl.deno.land, ` +
    `which this machine cannot reach; run this task on a machine with internet access or in the ` +
    `release workflow (.github/workflows/release.yml), or set DENORT_BIN to a local denort for a host build`;
}

/** What the task needs from the outside world; tests pass fakes. */
export interface CompileDeps {
  /** Runs `deno <args>` in the repository root; `capture` pipes stdout and stderr instead of showing them. */
  deno(args: string[], capture: boolean): Promise<{ code: number; stdout: string; stderr: string }>;
  out(line: string): void;
  err(line: string): void;
  hostTarget: string;
  /** `$DENORT_BIN`: deno compile then embeds that runtime instead of downloading one, for every target. */
  denortBin?: string;
}

/** Runs the task and returns the exit code. */
export async function compile(args: string[], deps: CompileDeps): Promise<number> {
  const unknown = args.filter((a) => a !== "--all" && a !== "--dry-run");
  if (unknown.length > 0) {
    deps.err(`compile: unknown argument "${unknown[0]}" (use --all and/or --dry-run)`);
    return 2;
  }
  const all = args.includes("--all");
  const dryRun = args.includes("--dry-run");
  const hostIsWindows = deps.hostTarget.includes("windows");
  const targets: (string | null)[] = all ? [...TARGETS] : [null];
  if (all && deps.denortBin) {
    deps.err(`compile: DENORT_BIN is set, so every target would get that one runtime; unset it for --all`);
    return 2;
  }

  const check = await deps.deno(["check", "--frozen", ENTRY], false);
  if (check.code !== 0) {
    deps.err(`compile: "deno check ${ENTRY}" failed; fix the type errors above first`);
    return 1;
  }
  if (dryRun) {
    const problem = await verifyGraph(deps);
    if (problem) {
      deps.err(`compile: ${problem}`);
      return 1;
    }
    for (const t of targets) deps.out(["deno", ...compileArgs(t, hostIsWindows)].join(" "));
    return 0;
  }

  await Deno.mkdir(`${ROOT}dist`, { recursive: true });
  for (const t of targets) {
    const r = await deps.deno(compileArgs(t, hostIsWindows), true);
    if (r.code !== 0) {
      if (isRuntimeDownloadFailure(r.stderr)) {
        deps.err(runtimeDownloadMessage(t ?? deps.hostTarget));
      } else {
        deps.err(r.stderr.trimEnd());
        deps.err(`compile: deno compile failed for ${t ?? deps.hostTarget}`);
      }
      return 1;
    }
    deps.out(`compile: wrote ${outputPath(t, hostIsWindows)}`);
  }
  return 0;
}

/**
 * Checks the module graph of the entry: every module is local, `npm:` or `node:` (no `jsr:` or
 * remote URL, which our machines cannot fetch), and no local module comes from `tests/` or `scripts/`.
 * Returns a problem description, or null.
 */
async function verifyGraph(deps: CompileDeps): Promise<string | null> {
  const r = await deps.deno(["info", "--frozen", "--json", ENTRY], true);
  if (r.code !== 0) return `"deno info ${ENTRY}" failed: ${r.stderr.trim().split("\n")[0]}`;
  const graph = JSON.parse(r.stdout) as { modules: { specifier: string }[] };
  const root = pathToFileURL(ROOT).href;
  for (const { specifier } of graph.modules) {
    if (/^(npm|node):/.test(specifier)) continue;
    if (!specifier.startsWith(root)) {
      return `module graph reaches "${specifier}", which is not in the repository`;
    }
    const rel = specifier.slice(root.length);
    if (/^(tests|scripts)\//.test(rel)) return `module graph reaches "${rel}", which is not shipped code`;
  }
  deps.err(`compile: module graph of ${ENTRY}: ${graph.modules.length} modules, all local, npm: or node:`);
  return null;
}

if (import.meta.main) {
  const decoder = new TextDecoder();
  const code = await compile(Deno.args, {
    async deno(args, capture) {
      const out = await new Deno.Command(Deno.execPath(), {
        args,
        cwd: ROOT,
        env: capture ? { NO_COLOR: "1" } : {},
        stdout: capture ? "piped" : "inherit",
        stderr: capture ? "piped" : "inherit",
      }).output();
      return {
        code: out.code,
        stdout: capture ? decoder.decode(out.stdout) : "",
        stderr: capture ? decoder.decode(out.stderr) : "",
      };
    },
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    hostTarget: Deno.build.target,
    denortBin: Deno.env.get("DENORT_BIN"),
  });
  Deno.exit(code);
}
