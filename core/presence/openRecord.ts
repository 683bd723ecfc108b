/**
 * Reads a presence record back (record.ts writes it): checked against its name, authenticated,
 * decrypted and decoded. Apart from the writer so that a launch's write loads no decoder.
 */
import { type CryptoKey32, openSealed } from "../repo/crypto.ts";
import { decodeUnpacked } from "../repo/decode.ts";
import { IntegrityError } from "../repo/errors.ts";
import { sha256Hex } from "../repo/hash.ts";
import { FORMAT, type PresenceRecord } from "./record.ts";

/**
 * The record in lock file `id`; null for a lock that is not a presence record (restic's own locks).
 * A file that does not match its name or fails authentication throws IntegrityError (tampered).
 */
export async function openRecord(
  key: CryptoKey32,
  version: 1 | 2,
  id: string,
  bytes: Uint8Array,
): Promise<PresenceRecord | null> {
  const what = `Lock file ${id.slice(0, 8)}`;
  const hash = await sha256Hex(bytes);
  if (hash !== id) {
    throw new IntegrityError(`${what} does not match its name (its SHA-256 is ${hash.slice(0, 8)})`);
  }
  const doc = decodeUnpacked(await openSealed(key, bytes, what), version, what) as Record<string, unknown>;
  const ours = doc?.instance_sync as Record<string, unknown> | undefined;
  if (!ours || typeof ours !== "object" || ours.format !== FORMAT) return null;
  const since = doc.time;
  if (typeof since !== "string" || Number.isNaN(Date.parse(since))) {
    throw new IntegrityError(`${what} has no valid time`);
  }
  if (typeof ours.instance !== "string") throw new IntegrityError(`${what} names no instance`);
  return {
    id,
    machine: typeof ours.machine === "string" ? ours.machine : null,
    host: typeof ours.host === "string" ? ours.host : "",
    since,
    snapshot: typeof ours.snapshot === "string" ? ours.snapshot : null,
    instance: ours.instance,
  };
}
