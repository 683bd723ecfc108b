/**
 * The simulated computers of a chaos run: each has its own pack folder, config and cache folders and
 * machine name (INSTANCE_SYNC_HOST), and all share one instance, on a real rest-server
 * (`--append-only --private-repos`) or in a local-folder repository. Every sync runs the real CLI
 * through tests/helpers/cli.ts; a run can be SIGKILLed at a chosen instant.
 */
import { derivedPasswordOf } from "../helpers/derived.ts";
import { join } from "node:path";
import { type CliResult, runCliProcess, spawnCli } from "../helpers/cli.ts";
import { type RestServer, startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import { descendants, killPid, waitGone } from "./processes.ts";
import { ChaosRepo } from "./repo.ts";

export const USER = { id: "player", password: "chaos-Secret-9" };

export type Mode = "rest" | "local";

export interface Machine {
  index: number;
  host: string;
  pack: string;
  /** Its restic cache (restic's and ours live per computer). */
  cacheDir: string;
  env: Record<string, string>;
}

export interface Kill {
  afterMs: number;
  /** Also kill its restic (a power cut); otherwise restic runs on alone, as after a launcher kill. */
  group: boolean;
}

export interface Run extends CliResult {
  killed: boolean;
  /** The `summary` event of a --json run, when it got that far. */
  summary?: { outcome: string; snapshot?: string };
  /** Host names the run warned or asked about as playing elsewhere (`playing-elsewhere` events). */
  playingElsewhere: string[];
}

/** Where Deno keeps its caches now; kept for the CLI runs, whose XDG folders are per machine. */
function denoDir(): string {
  const env = Deno.env.toObject();
  return env.DENO_DIR ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? "/root", ".cache"), "deno");
}

export class Cluster {
  serverUp = true;
  repo!: ChaosRepo;
  instanceId = "";

  private constructor(
    readonly mode: Mode,
    readonly work: string,
    readonly machines: Machine[],
    readonly url: string,
    readonly server?: RestServer,
  ) {}

  static async create(mode: Mode, count: number): Promise<Cluster> {
    const work = await Deno.makeTempDir({ prefix: "is-chaos-" });
    const server = mode === "rest"
      ? await startRestServer({ users: { [USER.id]: USER.password } })
      : undefined;
    const url = server ? server.url : join(work, "repositories");
    const machines: Machine[] = [];
    for (let i = 0; i < count; i++) {
      const root = join(work, `pc-${i}`);
      const pack = join(root, "pack");
      await Deno.mkdir(pack, { recursive: true });
      const cacheDir = join(root, "cache");
      machines.push({
        index: i,
        host: `pc-${i}`,
        pack,
        cacheDir,
        env: {
          INSTANCE_SYNC_HOST: `pc-${i}`,
          INSTANCE_SYNC_RESTIC: testResticPath(),
          XDG_CONFIG_HOME: join(root, "config"),
          // The computer's identity (machine id) lives here, one per simulated computer.
          INSTANCE_SYNC_CONFIG_DIR: join(root, "config", "instance-sync"),
          XDG_CACHE_HOME: cacheDir,
          RESTIC_CACHE_DIR: join(cacheDir, "restic"),
          DENO_DIR: denoDir(),
        },
      });
    }
    return new Cluster(mode, work, machines, url, server);
  }

  /** Opts every machine in: the first mints the instance, the others join it. */
  async init(): Promise<void> {
    const tokenFile = join(this.work, "token");
    await Deno.writeTextFile(tokenFile, `${USER.id}:${USER.password}\n`, { mode: 0o600 });
    for (const m of this.machines) {
      const args = ["init", "--url", this.url, "--token-file", tokenFile, "--pack-folder", m.pack];
      if (this.instanceId) args.push("--instance-id", this.instanceId);
      const r = await runCliProcess(args, { env: m.env });
      if (r.code !== 0) throw new Error(`init on ${m.host} failed (${r.code}): ${r.stderr}`);
      if (!this.instanceId) {
        const syncJson = JSON.parse(await Deno.readTextFile(join(m.pack, ".cloud-sync", "sync.json")));
        this.instanceId = syncJson.instance_id;
      }
    }
    const repoDir = this.server
      ? join(this.server.dataDir, USER.id, this.instanceId)
      : join(this.url, this.instanceId);
    this.repo = new ChaosRepo(repoDir, derivedPasswordOf(USER.password), join(this.work, "oracle-cache"));
  }

  /** Runs the CLI on machine `m` with `--pack-folder` and `--json`; `kill` SIGKILLs it mid-way. */
  async cli(m: Machine, args: string[], kill?: Kill): Promise<Run> {
    const leftRunning: number[] = [];
    const killed: number[] = [];
    let fired: Promise<void> | null = null;
    const child = spawnCli([...args, "--pack-folder", m.pack, "--json", "--no-download"], { env: m.env });
    const timer = kill
      ? setTimeout(() => {
        fired = (async () => {
          const kids = await descendants(child.pid);
          killPid(child.pid);
          if (kill.group) kids.forEach(killPid);
          (kill.group ? killed : leftRunning).push(...kids);
          killed.push(child.pid);
        })();
      }, kill.afterMs)
      : undefined;
    const out = await child.output();
    clearTimeout(timer);
    if (fired) await fired;
    // An orphaned restic finishes (or fails) on its own first; then nothing of the run is left.
    if (!(await waitGone(leftRunning, 60_000))) leftRunning.forEach(killPid);
    await waitGone([...leftRunning, ...killed], 15_000);
    const d = new TextDecoder();
    const result: CliResult = { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
    let summary: Run["summary"];
    const playingElsewhere: string[] = [];
    for (const line of result.stdout.split("\n")) {
      try {
        const event = JSON.parse(line);
        if (event.type === "summary") summary = event;
        if (event.type === "playing-elsewhere") playingElsewhere.push(event.displayName);
      } catch { /* not an event */ }
    }
    return { ...result, killed: fired !== null && out.signal === "SIGKILL", summary, playingElsewhere };
  }

  /** `disable` / `enable` (they take no --json). */
  toggle(m: Machine, command: "disable" | "enable"): Promise<CliResult> {
    return runCliProcess([command, "--pack-folder", m.pack], { env: m.env });
  }

  async setServer(up: boolean): Promise<void> {
    if (!this.server || up === this.serverUp) return;
    if (up) await this.server.restart();
    else await this.server.stop();
    this.serverUp = up;
  }

  async dispose(): Promise<void> {
    if (this.server) await this.server[Symbol.asyncDispose]();
    await Deno.remove(this.work, { recursive: true }).catch(() => {});
  }
}
