import { z } from "zod";
import { readConfigText } from "../fs/atomic.ts";
import { CONFIG_DIR, type InstancePaths } from "./paths.ts";
import { parseJsonFile } from "./jsonFile.ts";

/** Player data, not what the modpack installs (DESIGN 5). `config` is deliberately not synced. */
export const DEFAULT_INCLUDE: readonly string[] = [
  "saves",
  "options.txt",
  "optionsof.txt",
  "optionsshaders.txt",
  "servers.dat",
  "screenshots",
  "schematics",
  "journeymap",
  "XaeroWaypoints",
  "XaeroWorldMap",
];
export const DEFAULT_EXCLUDE: readonly string[] = ["**/session.lock", "*.tmp", "logs", "crash-reports"];

/** What to sync: include roots (relative, forward slashes) and restic exclude patterns. */
export interface Scope {
  include: string[];
  exclude: string[];
}

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
  const data = parseJsonFile(text, file, ScopeSchema);
  return {
    include: [...new Set(data.include ?? DEFAULT_INCLUDE)],
    exclude: data.exclude ?? [...DEFAULT_EXCLUDE],
  };
}

/** Reads `scope.json`, or the defaults when there is none. */
export async function readScope(paths: InstancePaths): Promise<Scope> {
  const text = await readConfigText(paths.scope);
  return text === null ? defaultScope() : parseScope(text, paths.scope);
}

export function defaultScope(): Scope {
  return { include: [...DEFAULT_INCLUDE], exclude: [...DEFAULT_EXCLUDE] };
}
