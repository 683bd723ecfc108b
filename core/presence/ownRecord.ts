/**
 * Which presence record this computer wrote last for the instance: `.cloud-sync/presence.json`, so a
 * pull tells its own record apart from others' without decrypting anything, and a push clears it with
 * one DELETE (no key, no cipher module). Imports nothing heavy: the unchanged push reads it.
 */
import { join } from "../fs/path.ts";
import { readTextOrNull, writeFileAtomic } from "../fs/atomic.ts";
import type { InstancePaths } from "../config/paths.ts";

/** This computer's record as written: its lock file's name, and what it says. */
export interface OwnRecord {
  id: string;
  since: string;
  snapshot: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function ownRecordPath(paths: InstancePaths): string {
  return join(paths.configDir, "presence.json");
}

/** The record this computer left in the repository; null when there is none (or the file is not ours). */
export async function readOwnRecord(paths: InstancePaths): Promise<OwnRecord | null> {
  const text = await readTextOrNull(ownRecordPath(paths)).catch(() => null);
  if (text === null) return null;
  try {
    const raw = JSON.parse(text);
    if (typeof raw?.id !== "string" || !HEX64.test(raw.id)) return null;
    if (typeof raw.since !== "string" || Number.isNaN(Date.parse(raw.since))) return null;
    return { id: raw.id, since: raw.since, snapshot: typeof raw.snapshot === "string" ? raw.snapshot : null };
  } catch {
    return null; // a damaged file: the record it named is found by machine id on the next read
  }
}

export async function writeOwnRecord(paths: InstancePaths, record: OwnRecord): Promise<void> {
  await writeFileAtomic(ownRecordPath(paths), JSON.stringify(record) + "\n");
}

export async function forgetOwnRecord(paths: InstancePaths): Promise<void> {
  await Deno.remove(ownRecordPath(paths)).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
}
