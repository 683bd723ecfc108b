import type { z } from "zod";
import { ConfigError } from "../errors.ts";

/** Turns the first zod issue into `"field" must be …` text for a one-line error. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid content";
  const field = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
  // A bad record key (a manifest path) carries the key's own reason one level down.
  const inner = issue.code === "invalid_key" ? issue.issues[0]?.message : undefined;
  return `"${field}" ${inner ?? issue.message}`;
}

/**
 * Parses one of our JSON files with its schema (a leading BOM is ignored: Windows editors add one).
 * Every failure is a `ConfigError` whose one line names the file and the field.
 */
export function parseJsonFile<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  hint?: string,
): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new ConfigError(file, `Cannot parse "${file}": not valid JSON`, hint);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(file, `Cannot parse "${file}": ${describeZodError(parsed.error)}`, hint);
  }
  return parsed.data;
}
