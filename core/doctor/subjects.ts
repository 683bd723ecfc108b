import { basename } from "../fs/path.ts";
import { instancePaths } from "../config/paths.ts";
import { readConfigText } from "../fs/atomic.ts";
import type { DiscoveredInstance, SyncState } from "../launchers/types.ts";
import type { DoctorSubject } from "./types.ts";

/** A discovered launcher instance as the doctor examines it. */
export function subjectOf(d: DiscoveredInstance): DoctorSubject {
  return {
    launcher: d.launcher,
    install: d.install,
    name: d.name,
    folderName: d.folderName,
    instanceDir: d.instanceDir,
    gameDir: d.gameDir,
    sync: d.sync,
    hooks: d.hooks,
  };
}

/** A pack folder no launcher instance was found for: sync state from its files, hooks unknown. */
export async function bareSubject(gameDir: string): Promise<DoctorSubject> {
  return {
    launcher: null,
    install: null,
    name: basename(gameDir),
    folderName: null,
    instanceDir: null,
    gameDir,
    sync: await syncStateOf(gameDir),
    hooks: { state: "none" },
  };
}

/** Reads sync.json (or sync.json.disabled) loosely, only for the id: the config check validates. */
async function syncStateOf(gameDir: string): Promise<SyncState> {
  const paths = instancePaths(gameDir);
  for (const [file, state] of [[paths.syncJson, "on"], [paths.syncJsonDisabled, "paused"]] as const) {
    const text = await readConfigText(file).catch(() => "");
    if (text === null) continue;
    let id = "";
    try {
      id = String(JSON.parse(text)?.instance_id ?? "");
    } catch { /* the config check reports it */ }
    return { state, instanceId: id };
  }
  return { state: "off" };
}

/**
 * Which instances `doctor` examines: the one pack folder when given (matched to its launcher
 * instance when discovery found it); with `all`, every discovered instance; otherwise the discovered
 * instances that sync or are paused.
 */
export async function pickSubjects(
  found: DiscoveredInstance[],
  opts: { packFolder?: string; all?: boolean },
): Promise<DoctorSubject[]> {
  if (opts.packFolder !== undefined) {
    const want = await real(opts.packFolder);
    for (const d of found) if (await real(d.gameDir) === want) return [subjectOf(d)];
    return [await bareSubject(opts.packFolder)];
  }
  return found.filter((d) => opts.all || d.sync.state !== "off").map(subjectOf);
}

async function real(path: string): Promise<string> {
  return await Deno.realPath(path).catch(() => path);
}
