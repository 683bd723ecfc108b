import { readConfigText, writeFileAtomic } from "../fs/atomic.ts";
import type { InstancePaths } from "./paths.ts";
import { parseWithReceipt } from "./receipts.ts";

export { isUlid, ULID_RE } from "./ulid.ts";

/** `sync.json`: the opt-in marker (schema: syncJsonSchema.ts). Unknown fields are kept on rewrite. */
export interface SyncJson {
  instance_id: string;
  url: string;
  [key: string]: unknown;
}

/** Reads the active `sync.json`, or null when the instance is not opted in (only a literal file counts). */
export async function readSyncJson(paths: InstancePaths): Promise<SyncJson | null> {
  const text = await readConfigText(paths.syncJson);
  if (text === null) return null;
  return await parseWithReceipt(
    paths,
    "sync.json",
    text,
    paths.syncJson,
    async () => (await import("./syncJsonSchema.ts")).SyncJsonSchema,
    undefined,
    // The id names the repository's folder: never taken from a receipt alone (receipts.ts). ULID_RE's
    // pattern, written out: this check must not depend on where that constant lives.
    (v) =>
      typeof v.instance_id === "string" && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(v.instance_id) &&
      typeof v.url === "string",
  );
}

/** Writes `sync.json` atomically, pretty-printed like the original tool. */
export async function writeSyncJson(paths: InstancePaths, value: SyncJson): Promise<void> {
  await Deno.mkdir(paths.configDir, { recursive: true });
  await writeFileAtomic(paths.syncJson, JSON.stringify(value, null, 2) + "\n");
}
