/** scope.json's schema, in a module of its own so reading a receipted scope.json never loads zod. */
import { z } from "zod";
import { CONFIG_DIR } from "./paths.ts";
import { parseJsonFile } from "./jsonFile.ts";
import { type Scope, scopeFromData } from "./scopeDefaults.ts";

const relativePath = z.string().min(1, "must not be empty").transform((p, ctx) => {
  const norm = p.replaceAll("\\", "/").replace(/\/+$/, "").replace(/^\.\//, "");
  const segments = norm.split("/");
  if (norm.startsWith("/") || /^[A-Za-z]:/.test(norm)) {
    ctx.addIssue({ code: "custom", message: `must be a relative path, not "${p}"` });
  } else if (segments.includes("..")) {
    ctx.addIssue({ code: "custom", message: `must not contain "..", got "${p}"` });
  } else if (segments[0] === CONFIG_DIR) {
    ctx.addIssue({ code: "custom", message: `must not name ${CONFIG_DIR}, got "${p}"` });
  } else if (norm === "" || norm === ".") {
    ctx.addIssue({ code: "custom", message: `must name something inside the pack folder, got "${p}"` });
  } else if (/[\0\r\n]/.test(norm)) {
    ctx.addIssue({ code: "custom", message: "must not contain control characters" });
  }
  return segments.filter((s) => s !== ".").join("/");
});

const pattern = z.string().min(1, "must not be empty").refine((p) => !/[\0\r\n]/.test(p), {
  message: "must not contain line breaks",
});

export const ScopeSchema = z.strictObject({
  include: z.array(relativePath).max(10_000).optional(),
  exclude: z.array(pattern).max(10_000).optional(),
});

/** Parses `scope.json` text; missing keys take the built-in defaults. */
export function parseScope(text: string, file: string): Scope {
  return scopeFromData(parseJsonFile(text, file, ScopeSchema));
}
