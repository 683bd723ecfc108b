import { join } from "node:path";
import { initConfig } from "../../../core/config/lifecycle.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import type { Token } from "../../../core/config/token.ts";
import type { SyncOptions } from "../../../core/sync/options.ts";
import type { ConflictDescription, Reporter } from "../../../core/ui.ts";
import { writeTestLevelDat } from "../../../core/worlds/levelDat.ts";

/** Writes files (relative path → content) under `dir`, creating folders. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await Deno.mkdir(join(dir, rel, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, rel), content);
  }
}

/** Every regular file under `dir` except `.cloud-sync/` (path → content). */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(join(dir, rel))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === ".cloud-sync") continue;
      if (e.isDirectory) await walk(p);
      else out[p] = await Deno.readTextFile(join(dir, p));
    }
  };
  await walk("");
  return out;
}

/** A reporter that records what core said, for assertions. */
export class RecordingReporter implements Reporter {
  lines: string[] = [];
  conflicts: ConflictDescription[] = [];
  start(_op: string, m: string) {
    this.lines.push(`start: ${m}`);
  }
  progress() {}
  finish(s: { message: string }) {
    this.lines.push(`finish: ${s.message}`);
  }
  info(m: string) {
    this.lines.push(`info: ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn: ${m}`);
  }
  conflict(d: ConflictDescription) {
    this.conflicts.push(d);
  }
  text(): string {
    return this.lines.join("\n");
  }
}

/** A simulated computer: its own pack folder and machine name, sharing one instance with others. */
export class Machine {
  reporter = new RecordingReporter();
  constructor(
    readonly host: string,
    readonly pack: string,
    readonly restic: string,
    /** Options every run of this machine gets (a location's `resticEnv`). */
    readonly defaults: Partial<SyncOptions> = {},
  ) {}

  static async create(host: string, restic: string, defaults: Partial<SyncOptions> = {}): Promise<Machine> {
    const pack = await Deno.makeTempDir({ prefix: `is-${host}-` });
    return new Machine(host, pack, restic, defaults);
  }

  async init(url: string, token: Token, instanceId?: string): Promise<string> {
    const cfg = await initConfig(instancePaths(this.pack), { url, token, instanceId });
    return cfg.instance_id;
  }

  options(extra: Partial<SyncOptions> = {}): SyncOptions {
    this.reporter = new RecordingReporter();
    return {
      packFolder: this.pack,
      host: this.host,
      resticBinary: this.restic,
      download: false,
      env: {},
      reporter: this.reporter,
      lockWaitMs: 200,
      ...this.defaults,
      ...extra,
    };
  }

  write(files: Record<string, string>) {
    return writeFiles(this.pack, files);
  }

  tree() {
    return readTree(this.pack);
  }
}

/** Writes the level.dat of world `folder` on machine `m`: its name is the folder, DataVersion 4189. */
export async function writeWorldLevel(m: Machine, folder: string, lastPlayed: number, version = "1.21.4") {
  await writeTestLevelDat(join(m.pack, "saves", folder, "level.dat"), {
    levelName: folder,
    lastPlayed,
    versionName: version,
    dataVersion: 4189,
  });
}
