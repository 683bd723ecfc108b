import type { z } from "zod";

/** Turns the first zod issue into `"field" must be …` text for a one-line error. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid content";
  const field = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
  return `"${field}" ${issue.message}`;
}
