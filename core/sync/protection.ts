/**
 * Whether an instance's server can read its repository (docs/security.md), for `doctor` and other
 * callers that have no open instance: `status` reports the same through `Instance.protection()`.
 */
import type { Protection } from "../restic/passwords.ts";
import { Instance } from "./instance.ts";
import type { SyncOptions } from "./options.ts";

export type { Protection };

/** What `repositoryProtection` found. */
export interface ProtectionReport {
  /** `protected`, `server-readable`, or null when the repository does not exist yet. */
  protection: Protection | null;
  /** The repository location with credentials redacted. */
  repository: string;
}

/**
 * Opens the instance read-only (no lock, nothing written) and learns which password opens its
 * repository: from the key cache when this computer opened it before, else one scrypt per password
 * tried. Null when the folder is not opted in. Offline, auth and integrity failures are thrown.
 *
 * @example
 * const r = await repositoryProtection({ packFolder, env: Deno.env.toObject() });
 * if (r?.protection === "server-readable") console.log("the server can read this instance's snapshots");
 */
export async function repositoryProtection(options: SyncOptions): Promise<ProtectionReport | null> {
  const inst = await Instance.open(options);
  if (!inst) return null;
  await inst.readState(); // the remembered repository: checked, and its password tried first
  return { protection: await inst.protection(), repository: inst.target.display };
}
