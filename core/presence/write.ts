/**
 * Writes this computer's presence record after a pull let the launch go ahead (docs/presence.md):
 * sealed with the master key (cached; the session the pull may have opened already), one POST or
 * file write, then the earlier record of this computer, if any, is deleted.
 */
import type { Instance } from "../sync/instance.ts";
import { createLock, removeLock } from "./lockFiles.ts";
import { type OwnRecord, writeOwnRecord } from "./ownRecord.ts";
import { sealRecord } from "./record.ts";

export async function recordLaunch(
  inst: Instance,
  snapshot: string | null,
  earlier: OwnRecord | null,
  now = new Date(),
): Promise<void> {
  const [{ repository }, machine] = await Promise.all([inst.openSession(), inst.machineId()]);
  const since = now.toISOString();
  const sealed = await sealRecord(repository.key, {
    machine,
    host: inst.host,
    since,
    snapshot,
    instance: inst.config.instance_id,
  });
  const opts = { signal: inst.options.signal };
  await createLock(inst.target, sealed.id, sealed.bytes, opts);
  await writeOwnRecord(inst.paths, { id: sealed.id, since, snapshot });
  if (earlier && earlier.id !== sealed.id) {
    await removeLock(inst.target, earlier.id, opts).catch((e) =>
      inst.reporter.debug?.(`presence: cannot remove this computer's earlier record: ${(e as Error).message}`)
    );
  }
}
