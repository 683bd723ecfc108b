/**
 * A presence record (docs/presence.md): "this computer launched this instance at `since`, on top of
 * snapshot `snapshot`, and has not uploaded yet". It is a restic lock file: a non-exclusive lock in
 * `locks/`, in restic's own JSON (`time`, `exclusive`, `hostname`, `username`, `pid`, `uid`, `gid`)
 * plus an `instance_sync` object restic ignores, sealed with the master key and named by the SHA-256
 * of the sealed bytes, exactly as restic writes its locks. So `restic list locks`, `restic cat lock`
 * and `restic unlock` understand it, only key holders can read it, and it holds off an operator's
 * `check` or `prune` no longer than any lock may: once it is 30 minutes old, `restic unlock` removes it.
 */
import { type CryptoKey32, seal } from "../repo/crypto.ts";
import { sha256Hex } from "../repo/hash.ts";

/** What a record says, read back from the repository. */
export interface PresenceRecord {
  /** The lock file's name. */
  id: string;
  /** The launching computer's machine id (null: it had none, and its host name tells computers apart). */
  machine: string | null;
  /** Its host name. */
  host: string;
  /** ISO time the launch was recorded (restic's `time`). */
  since: string;
  /** Full id of the snapshot the launch started from (null: nothing synced yet). */
  snapshot: string | null;
  /** The instance id the record belongs to. */
  instance: string;
}

/** Marks our records among restic's own locks; a record of another format version is not read. */
export const FORMAT = "presence-v1";
/** Appended to restic's `hostname` (a space and parentheses: no real host name has them). */
const HOST_SUFFIX = " (instance-sync presence)";

/** The sealed lock file for a launch, and its name. */
export async function sealRecord(
  key: CryptoKey32,
  r: Omit<PresenceRecord, "id">,
): Promise<{ id: string; bytes: Uint8Array }> {
  const json = {
    time: r.since,
    exclusive: false,
    // Never a real host name: restic checks a lock of its own host by sending SIGHUP to the lock's pid,
    // and this pid (the pull that wrote it) has ended and may belong to another process by then, the
    // game for one. On another host's lock restic only looks at the time, which is what we want.
    hostname: `${r.host}${HOST_SUFFIX}`,
    // restic names the lock's owner in "repository is already locked … by <username>": say what it is.
    username: "instance-sync (playing)",
    pid: Deno.pid,
    uid: uidOrZero(() => Deno.uid()),
    gid: uidOrZero(() => Deno.gid()),
    instance_sync: {
      format: FORMAT,
      machine: r.machine,
      host: r.host,
      instance: r.instance,
      snapshot: r.snapshot,
    },
  };
  // Plain JSON (first byte "{") reads the same in repository versions 1 and 2.
  const plain = new TextEncoder().encode(JSON.stringify(json));
  const bytes = await seal(key, plain, crypto.getRandomValues(new Uint8Array(16)));
  return { id: await sha256Hex(bytes), bytes };
}

function uidOrZero(f: () => number | null): number {
  try {
    return f() ?? 0;
  } catch {
    return 0; // no uid where the OS has none (Windows), as restic writes 0 there
  }
}
