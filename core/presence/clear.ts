/**
 * `push` (and `pull`'s catch-up upload, which records the next launch right after) ends this computer's
 * presence once its session is uploaded: one DELETE of the lock file named in `.cloud-sync/presence.json`,
 * no key and no cipher module, so an unchanged push stays lean. Never fails the push: a record that
 * cannot be removed is a debug line, and other computers then see the later snapshot and do not warn.
 */
import type { Instance } from "../sync/instance.ts";
import { removeLock, speaksLocks } from "./lockFiles.ts";
import { forgetOwnRecord, readOwnRecord } from "./ownRecord.ts";

export async function clearPresence(inst: Instance): Promise<void> {
  const own = await readOwnRecord(inst.paths);
  if (!own || !speaksLocks(inst.target)) return;
  try {
    await removeLock(inst.target, own.id, { signal: inst.options.signal });
    await forgetOwnRecord(inst.paths);
  } catch (e) {
    inst.reporter.debug?.(`presence: cannot remove this computer's record: ${(e as Error).message}`);
  }
}
