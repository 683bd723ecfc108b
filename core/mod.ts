/**
 * instance-sync's module API: sync a Minecraft instance's player data through restic snapshots.
 *
 * @example
 * ```ts
 * import { initConfig, instancePaths, pull, push } from "./core/mod.ts";
 * await initConfig(instancePaths("/path/to/.minecraft"), { url: "/srv/repos", token: { id: "me", password: "s3cret" } });
 * await push({ packFolder: "/path/to/.minecraft" });
 * await pull({ packFolder: "/path/to/other/.minecraft", onConflict: "abort" });
 * ```
 * @module
 */
export { pull } from "./sync/pull.ts";
export { restoreSnapshot } from "./sync/rollback.ts";
export { restoreWorld, type WorldRestoreOptions } from "./sync/worldRestore.ts";
export {
  type BrowserData,
  browserData,
  type WorldHistory,
  worldHistory,
  type WorldSummary,
  type WorldVersion,
} from "./sync/worldHistory.ts";
export type { WorldChangeKind, WorldRecord } from "./worlds/tags.ts";
export { checkConnection, type ConnectionCheck } from "./sync/connection.ts";
export { push } from "./sync/push.ts";
export { type Protection, type ProtectionReport, repositoryProtection } from "./sync/protection.ts";
export { DERIVATION_LABEL, derivedPassword } from "./restic/passwords.ts";
export { history, type HistoryEntry, status, type StatusReport } from "./sync/info.ts";
export type { SyncOptions } from "./sync/options.ts";
export { type InstancePaths, instancePaths, resolvePackFolder } from "./config/paths.ts";
export {
  assertCanInit,
  deleteConfig,
  disableConfig,
  type DisableResult,
  enableConfig,
  type EnableResult,
  initConfig,
  type InitOptions,
} from "./config/lifecycle.ts";
export { readSyncJson, type SyncJson } from "./config/syncJson.ts";
export { parseSyncJson } from "./config/syncJsonSchema.ts";
export { parseToken, readTokenFile, type Token } from "./config/token.ts";
export { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, readScope, type Scope } from "./config/scope.ts";
export { parseScope } from "./config/scopeSchema.ts";
export { resolveInstanceLabel } from "./config/label.ts";
export { DEFAULT_SERVER_URL, defaultLocalRepositoryRoot } from "./config/defaults.ts";
export * from "./errors.ts";
export type * from "./ui.ts";
export { silentReporter } from "./ui.ts";
export {
  type DirectoryEntry,
  type DirectoryRecord,
  directoryTarget,
  InstanceDirectory,
} from "./directory/directory.ts";
export { matchInstance } from "./directory/match.ts";
export { machineId, madeHere, userConfigDir } from "./config/machine.ts";
export { ensurePackIgnore, type PackIgnoreResult } from "./config/packignore.ts";
