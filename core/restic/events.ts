/**
 * Typed `--json` output of restic (the middle layer of the driver). Schemas are non-strict: restic adds
 * fields between versions and omits zero values (`omitempty`), so unknown fields are dropped and
 * missing numbers read as 0. Lines that are not JSON pass through as `text`; JSON that fits no schema
 * (a message type this code does not know) passes through as `unknown`.
 */
import { z } from "zod";
import { cleanLine } from "./spawn.ts";

const num = z.number().default(0);
const optNum = z.number().optional();

/** restic ≤ 0.16 wrote `error` as a string; newer versions write `{ "message": "…" }`. */
const errorField = z.union([z.string(), z.object({ message: z.string() })]).transform((e) =>
  typeof e === "string" ? e : e.message
);

const errorEvent = z.object({
  message_type: z.literal("error"),
  error: errorField,
  during: z.string().default(""),
  item: z.string().default(""),
});

export const BackupEventSchema = z.discriminatedUnion("message_type", [
  z.object({
    message_type: z.literal("status"),
    seconds_elapsed: num,
    seconds_remaining: optNum,
    percent_done: num,
    total_files: num,
    files_done: num,
    total_bytes: num,
    bytes_done: num,
    error_count: num,
    current_files: z.array(z.string()).default([]),
  }),
  z.object({
    message_type: z.literal("verbose_status"),
    action: z.string(),
    item: z.string().default(""),
    duration: num,
    data_size: num,
    data_size_in_repo: num,
    metadata_size: num,
    total_files: num,
  }),
  z.object({
    message_type: z.literal("summary"),
    files_new: num,
    files_changed: num,
    files_unmodified: num,
    dirs_new: num,
    dirs_changed: num,
    dirs_unmodified: num,
    data_blobs: num,
    tree_blobs: num,
    data_added: num,
    data_added_packed: num,
    total_files_processed: num,
    total_bytes_processed: num,
    total_duration: num,
    /** Absent on `--dry-run`; with `--skip-if-unchanged` it names the existing snapshot. */
    snapshot_id: z.string().optional(),
  }),
  errorEvent,
]);
export type BackupEvent = z.infer<typeof BackupEventSchema>;

export const RestoreEventSchema = z.discriminatedUnion("message_type", [
  z.object({
    message_type: z.literal("status"),
    seconds_elapsed: num,
    seconds_remaining: optNum,
    percent_done: num,
    total_files: num,
    files_restored: num,
    files_skipped: num,
    files_deleted: num,
    total_bytes: num,
    bytes_restored: num,
    bytes_skipped: num,
  }),
  z.object({
    message_type: z.literal("verbose_status"),
    action: z.string(),
    item: z.string().default(""),
    size: num,
  }),
  z.object({
    message_type: z.literal("summary"),
    seconds_elapsed: num,
    total_files: num,
    files_restored: num,
    files_skipped: num,
    files_deleted: num,
    total_bytes: num,
    bytes_restored: num,
    bytes_skipped: num,
  }),
  errorEvent,
]);
export type RestoreEvent = z.infer<typeof RestoreEventSchema>;

/** `{"message_type":"exit_error","code":…,"message":…}`, written on stderr by restic ≥ 0.18.0. */
export const ExitErrorSchema = z.object({
  message_type: z.literal("exit_error"),
  code: z.number(),
  message: z.string(),
});
export type ExitError = z.infer<typeof ExitErrorSchema>;

export type ParsedLine<E> =
  | E
  | { message_type: "text"; text: string }
  | { message_type: "unknown"; raw: unknown };

/**
 * Parses one output line against a schema (e.g. `BackupEventSchema`), after stripping `\r\x1b[2K`.
 * @example
 * parseResticLine('{"message_type":"status","percent_done":0.5}', BackupEventSchema)
 * // { message_type: "status", percent_done: 0.5, bytes_done: 0, … }
 */
export function parseResticLine<E>(line: string, schema: z.ZodType<E>): ParsedLine<E> {
  const text = cleanLine(line);
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return { message_type: "text", text };
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    return { message_type: "text", text };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : { message_type: "unknown", raw };
}

/** The `exit_error` event in a stderr line, or null. */
export function parseExitError(line: string): ExitError | null {
  const parsed = parseResticLine(line, ExitErrorSchema);
  return parsed.message_type === "exit_error" ? parsed : null;
}
