/** sync.json's schema, in a module of its own so reading a receipted sync.json never loads zod. */
import { z } from "zod";
import { parseJsonFile } from "./jsonFile.ts";
import { ULID_RE } from "./ulid.ts";

/** `sync.json`: the opt-in marker. Unknown fields are kept as they are when the file is rewritten. */
export const SyncJsonSchema = z.looseObject({
  instance_id: z.string().regex(ULID_RE, "must be a ULID (26 characters of Crockford base32)"),
  url: z.string().min(1, "must not be empty"),
});

/** Parses sync.json text; `file` is named in every error. */
export function parseSyncJson(text: string, file: string): z.infer<typeof SyncJsonSchema> {
  return parseJsonFile(text, file, SyncJsonSchema);
}
