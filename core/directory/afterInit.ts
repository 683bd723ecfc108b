import { resolveInstanceLabel } from "../config/label.ts";
import { machineId } from "../config/machine.ts";
import type { InstancePaths } from "../config/paths.ts";
import type { SyncJson } from "../config/syncJson.ts";
import type { Token } from "../config/token.ts";
import type { DirectoryEntry } from "./directory.ts";
import { markListed, openDirectory, recordIfUnlisted } from "./open.ts";

export interface ListAfterInitOptions {
  token: Token;
  env: Record<string, string | undefined>;
  instanceLabel?: string;
  resticBinary?: string;
  /** What the directory is known to hold: `[]` for a freshly minted id (no listing needed). */
  known?: readonly DirectoryEntry[];
  warn: (message: string) => void;
  info: (message: string) => void;
}

/**
 * `init`/`setup`: record the instance in the account's directory (creating computer, label, time)
 * and remember that in state.json. Best effort: restic is not downloaded for it, and any failure is
 * a warning; the first push then records it. Returns whether the instance is listed now.
 */
export async function listAfterInit(
  paths: InstancePaths,
  config: SyncJson,
  o: ListAfterInitOptions,
): Promise<boolean> {
  const label = resolveInstanceLabel(o.instanceLabel, o.env, config.instance_id, config.label);
  const listed = await recordIfUnlisted(
    () =>
      openDirectory({
        url: config.url,
        token: o.token,
        env: o.env,
        resticBinary: o.resticBinary,
        noDownload: true,
      }),
    {
      instanceId: config.instance_id,
      label,
      host: o.env.INSTANCE_SYNC_HOST ?? Deno.hostname(),
      machineId: await machineId(o.env, o.warn),
    },
    { known: o.known, warn: o.warn, later: "the first push records it" },
  );
  if (listed) {
    await markListed(paths);
    o.info(`listed "${label}" in the account's instances (other computers can join it by that name)`);
  }
  return listed;
}
