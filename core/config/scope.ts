import { readConfigText } from "../fs/atomic.ts";
import { isPlainRoot } from "./scopeRoots.ts";
import type { InstancePaths } from "./paths.ts";
import { parseWithReceipt } from "./receipts.ts";

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

/** What scope.json holds once its schema (scopeSchema.ts) accepted it. */
export interface ScopeData {
  include?: string[];
  exclude?: string[];
}

/** A scope from scope.json's data: missing keys take the built-in defaults. */
export function scopeFromData(data: ScopeData): Scope {
  return {
    include: [...new Set(data.include ?? DEFAULT_INCLUDE)],
    exclude: data.exclude ?? [...DEFAULT_EXCLUDE],
  };
}

/** Reads `scope.json`, or the defaults when there is none. */
export async function readScope(paths: InstancePaths): Promise<Scope> {
  const text = await readConfigText(paths.scope);
  if (text === null) return defaultScope();
  const data = await parseWithReceipt(
    paths,
    "scope.json",
    text,
    paths.scope,
    async () => (await import("./scopeSchema.ts")).ScopeSchema,
    undefined,
    (d) => d.include === undefined || (Array.isArray(d.include) && d.include.every(isPlainRoot)),
  );
  return scopeFromData(data);
}

export function defaultScope(): Scope {
  return { include: [...DEFAULT_INCLUDE], exclude: [...DEFAULT_EXCLUDE] };
}
