/**
 * What to sync when scope.json does not say: the built-in include and exclude lists, and the scope
 * that scope.json's data makes. A module of its own so that both the reader (scope.ts) and the schema
 * (scopeSchema.ts) use it without importing each other.
 */

/** Player data, not what the modpack installs (docs/contract.md#scope); `config` is not synced. */
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

export function defaultScope(): Scope {
  return { include: [...DEFAULT_INCLUDE], exclude: [...DEFAULT_EXCLUDE] };
}
