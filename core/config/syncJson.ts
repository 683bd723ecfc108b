import { z } from "zod";
import { readConfigText, writeFileAtomic } from "../fs/atomic.ts";
import type { InstancePaths } from "./paths.ts";
import { parseJsonFile } from "./jsonFile.ts";

const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** `sync.json`: the opt-in marker. Unknown fields are kept as they are when the file is rewritten. */
export const SyncJsonSchema = z.looseObject({
  instance_id: z.string().regex(ULID_RE, "must be a ULID (26 characters of Crockford base32)"),
  url: z.string().min(1, "must not be empty"),
});
export type SyncJson = z.infer<typeof SyncJsonSchema>;

/** Parses sync.json text; `file` is named in every error. */
export function parseSyncJson(text: string, file: string): SyncJson {
  return parseJsonFile(text, file, SyncJsonSchema);
}

/** Reads the active `sync.json`, or null when the instance is not opted in (only a literal file counts). */
export async function readSyncJson(paths: InstancePaths): Promise<SyncJson | null> {
  const text = await readConfigText(paths.syncJson);
  return text === null ? null : parseSyncJson(text, paths.syncJson);
}

/** Writes `sync.json` atomically, pretty-printed like the original tool. */
export async function writeSyncJson(paths: InstancePaths, value: SyncJson): Promise<void> {
  await Deno.mkdir(paths.configDir, { recursive: true });
  await writeFileAtomic(paths.syncJson, JSON.stringify(value, null, 2) + "\n");
}

/** True when `id` has the shape of a ULID. */
export function isUlid(id: string): boolean {
  return ULID_RE.test(id);
}
