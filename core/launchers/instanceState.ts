/**
 * What instance-sync's own files in a game folder say: whether it syncs (sync.json, sync.json.disabled)
 * and when it last synced (state.json's base time). Read leniently and without validating the token:
 * discovery lists every instance, and a broken file is reported, not thrown.
 */
import { join } from "../fs/path.ts";
import { CONFIG_DIR } from "../config/paths.ts";
import type { SyncState } from "./types.ts";

async function readJson(path: string): Promise<{ value?: unknown; missing?: true; problem?: string }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { missing: true };
    return { problem: `Cannot read "${path}": ${(e as Error).message.replace(/:\s*[a-z]+ '.*'$/, "")}` };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: `Cannot parse "${path}": it is not valid JSON` };
  }
}

function field(value: unknown, name: string): string | undefined {
  const v = value && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined;
  return typeof v === "string" && v.trim() ? v : undefined;
}

/** off / on / paused, with the instance id and label when the file holds them. */
export async function readSyncState(gameDir: string): Promise<SyncState> {
  for (const [file, state] of [["sync.json", "on"], ["sync.json.disabled", "paused"]] as const) {
    const read = await readJson(join(gameDir, CONFIG_DIR, file));
    if (read.missing) continue;
    const instanceId = field(read.value, "instance_id") ?? "";
    const label = field(read.value, "label");
    const problem = read.problem ??
      (instanceId ? undefined : `"${join(gameDir, CONFIG_DIR, file)}" has no "instance_id"`);
    return { state, instanceId, ...(label ? { label } : {}), ...(problem ? { problem } : {}) };
  }
  return { state: "off" };
}

/** The time of the snapshot the instance last synced with (state.json `base.time`), or null. */
export async function readLastSync(gameDir: string): Promise<string | null> {
  const read = await readJson(join(gameDir, CONFIG_DIR, "state.json"));
  const base = read.value && typeof read.value === "object"
    ? (read.value as Record<string, unknown>).base
    : undefined;
  const time = field(base, "time");
  return time && !Number.isNaN(Date.parse(time)) ? time : null;
}
