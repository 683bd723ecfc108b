import { ulid } from "ulid";
import { UsageError } from "../errors.ts";
import { exists } from "../fs/atomic.ts";
import type { InstancePaths } from "./paths.ts";
import { isUlid, readSyncJson, type SyncJson, writeSyncJson } from "./syncJson.ts";
import { parseSyncJson } from "./syncJsonSchema.ts";
import { type Token, writeTokenFile } from "./token.ts";
import { validateUrl } from "./url.ts";

export { validateUrl } from "./url.ts";

/** What `init`/`setup` write. */
export interface InitOptions {
  url: string;
  token: Token;
  /** Join an existing instance (its id from `status` on the first computer) instead of minting one. */
  instanceId?: string;
  /** The label to remember in sync.json (`label`): used when a run has no `$INST_NAME` or flag. */
  label?: string;
}

/** Checks that `init`/`setup` may write a new config here, without changing anything. */
export async function assertCanInit(paths: InstancePaths): Promise<void> {
  if (await exists(paths.syncJson)) {
    throw new UsageError(
      `Sync is already set up: "${paths.syncJson}" exists`,
      "Run `instance-sync status` to see it, or `disable` first to start over",
    );
  }
  if (await exists(paths.syncJsonDisabled)) {
    throw new UsageError(
      `Sync is paused, not missing: "${paths.syncJsonDisabled}" exists`,
      "Run `instance-sync enable` to continue with the same instance id and repository",
    );
  }
}

/** Mints a new instance id (ULID) and writes `sync.json` and `token`. */
export async function initConfig(paths: InstancePaths, options: InitOptions): Promise<SyncJson> {
  await assertCanInit(paths);
  if (options.instanceId !== undefined && !isUlid(options.instanceId)) {
    throw new UsageError(
      `--instance-id "${options.instanceId}" is not a ULID (26 characters of Crockford base32)`,
    );
  }
  const config: SyncJson = { instance_id: options.instanceId ?? ulid(), url: validateUrl(options.url) };
  const label = options.label?.trim();
  if (label) config.label = label;
  await Deno.mkdir(paths.configDir, { recursive: true });
  // The token goes first: a sync.json without its token would make every hook fail.
  await writeTokenFile(paths.token, options.token);
  await writeSyncJson(paths, config);
  return config;
}

export type DisableResult = "disabled" | "already-disabled" | "nothing-to-disable";

/** Pauses sync: renames `sync.json` to `sync.json.disabled`, keeping id and url for `enable`. */
export async function disableConfig(paths: InstancePaths): Promise<DisableResult> {
  if (await exists(paths.syncJson)) {
    if (await exists(paths.syncJsonDisabled)) {
      throw new UsageError(
        `Cannot disable: both "${paths.syncJson}" and "${paths.syncJsonDisabled}" exist`,
        "Delete the one you do not want by hand",
      );
    }
    await readSyncJson(paths); // refuse to shelve a file we could not enable again
    await Deno.rename(paths.syncJson, paths.syncJsonDisabled);
    return "disabled";
  }
  return (await exists(paths.syncJsonDisabled)) ? "already-disabled" : "nothing-to-disable";
}

export type EnableResult = "enabled" | "nothing-to-enable";

/** Resumes sync: renames `sync.json.disabled` back; refuses to clobber an active `sync.json`. */
export async function enableConfig(paths: InstancePaths): Promise<EnableResult> {
  if (await exists(paths.syncJson)) {
    throw new UsageError(
      `Cannot enable: "${paths.syncJson}" already exists`,
      (await exists(paths.syncJsonDisabled))
        ? `Compare it with "${paths.syncJsonDisabled}" and delete the one you do not want`
        : "Sync is already enabled",
    );
  }
  if (!(await exists(paths.syncJsonDisabled))) return "nothing-to-enable";
  const text = await Deno.readTextFile(paths.syncJsonDisabled);
  parseSyncJson(text, paths.syncJsonDisabled);
  await Deno.rename(paths.syncJsonDisabled, paths.syncJson);
  return "enabled";
}

/** Removes the config in both forms (API and tests); leaves token, state and player data alone. */
export async function deleteConfig(paths: InstancePaths): Promise<boolean> {
  let removed = false;
  for (const file of [paths.syncJson, paths.syncJsonDisabled]) {
    try {
      await Deno.remove(file);
      removed = true;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return removed;
}
