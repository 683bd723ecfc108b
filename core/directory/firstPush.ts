import type { Instance } from "../sync/instance.ts";
import { InstanceDirectory } from "./directory.ts";
import { accountToken, markListed, recordIfUnlisted } from "./open.ts";

/**
 * After a successful push of an instance that state.json does not mark as listed (set up by an older
 * version, or `init` could not reach the directory): record it in the account's directory and mark
 * it. Paid once per instance; a failure is a warning and the next push tries again.
 */
export async function recordAfterFirstPush(inst: Instance): Promise<void> {
  const recorded = await recordIfUnlisted(
    async () =>
      new InstanceDirectory(inst.config.url, accountToken(inst.target), (await inst.getRestic()).bin, {
        signal: inst.options.signal,
      }),
    {
      instanceId: inst.config.instance_id,
      label: inst.label,
      host: inst.host,
      machineId: await inst.machineId(),
    },
    { warn: (m) => inst.reporter.warn(m), later: "the next push tries again" },
  );
  if (recorded) await markListed(inst.paths);
}
