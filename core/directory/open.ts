import type { InstancePaths } from "../config/paths.ts";
import type { Token } from "../config/token.ts";
import { findRestic } from "../restic/binary.ts";
import type { RepoTarget } from "../restic/repo.ts";
import { readState, writeState } from "../sync/state.ts";
import { type DirectoryEntry, type DirectoryRecord, InstanceDirectory } from "./directory.ts";

/** How to reach an account's directory from a command that has no opened instance (init, setup, instances). */
export interface DirectoryAccess {
  url: string;
  token: Token;
  env: Record<string, string | undefined>;
  /** `--restic-binary`. */
  resticBinary?: string;
  /** Where a downloaded restic is cached (default: the user's private cache folder, binaryDir.ts). */
  cacheDir?: string | null;
  /** Never download restic (a best-effort record must not fetch 20 MB). */
  noDownload?: boolean;
  onInfo?: (message: string) => void;
  signal?: AbortSignal;
}

/** Finds restic as every other command does and opens the account's directory. */
export async function openDirectory(a: DirectoryAccess): Promise<InstanceDirectory> {
  const bin = await findRestic({
    flag: a.resticBinary,
    env: a.env,
    cacheDir: a.cacheDir,
    noDownload: a.noDownload ?? false,
    onInfo: a.onInfo,
    signal: a.signal,
  });
  return new InstanceDirectory(a.url, a.token, bin, { signal: a.signal });
}

/**
 * The token behind an instance's repository target: the rest-server user is the account id; local
 * and other locations do not use the id in their paths, so only the password matters there.
 */
export function accountToken(target: RepoTarget): Token {
  return { id: target.auth?.user ?? "local", password: target.password };
}

/**
 * Records `record` unless the directory already lists the instance. Never throws: a directory that
 * cannot be read or written is a warning (through `warn`, ending with `later`), so it can never
 * stop a launch or an `init`. Returns whether the instance is now listed.
 */
export async function recordIfUnlisted(
  open: () => Promise<InstanceDirectory>,
  record: DirectoryRecord,
  opts: { known?: readonly DirectoryEntry[]; warn: (message: string) => void; later: string },
): Promise<boolean> {
  try {
    const dir = await open();
    const entries = opts.known ?? await dir.list();
    if (!entries.some((e) => e.instance_id === record.instanceId)) await dir.record(record);
    return true;
  } catch (e) {
    opts.warn(
      `Could not record "${record.label}" in the account's instance directory (${
        (e as Error).message
      }); ${opts.later}`,
    );
    return false;
  }
}

/** Remembers in state.json that the instance is listed, so later pushes pay nothing for it. */
export async function markListed(paths: InstancePaths): Promise<void> {
  const state = await readState(paths);
  if (!state.listed) await writeState(paths, { ...state, listed: true });
}
