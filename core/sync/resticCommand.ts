/**
 * `instance-sync restic -- <args>`: restic on this instance's repository, for whatever this program
 * does not do itself (`check`, `key list`, `mount`, a restore elsewhere). The repository and the
 * password that opens it travel in restic's environment only (never argv); the command is returned
 * rather than run, so the CLI decides how restic meets the terminal.
 */
import { UsageError } from "../errors.ts";
import { FOREIGN_RESTIC_ENV } from "../restic/driver.ts";
import { resticEnv } from "../restic/repo.ts";
import type { Protection } from "../restic/passwords.ts";
import { Instance } from "./instance.ts";
import type { SyncOptions } from "./options.ts";

/** A restic run to start: the binary, the arguments as given, and the environment with the secrets. */
export interface ResticInvocation {
  command: string;
  args: string[];
  /** A secret: holds the repository (with credentials for a rest-server) and its password. */
  env: Record<string, string>;
  /** Which password the environment carries (null: no repository yet, the derived one for `init`). */
  protection: Protection | null;
}

/**
 * Prepares `restic <args>` for the instance in `options.packFolder`: restic found as every command
 * finds it, the password that opens the repository (the key cache says which, else it is tried), and
 * this process's environment without any RESTIC_* variable that would open another repository.
 */
export async function resticInvocation(options: SyncOptions, args: string[]): Promise<ResticInvocation> {
  const inst = await Instance.open(options);
  if (!inst) {
    throw new UsageError(
      `"${options.packFolder}" is not set up for sync: there is no .cloud-sync/sync.json`,
      "Pass the instance's folder with --pack-folder",
    );
  }
  await inst.readState();
  const protection = await inst.protection();
  const restic = await inst.getRestic();
  const passwords = await restic.repoPasswords();
  const chosen = passwords.find((p) => p.protection === (protection ?? "protected")) ?? passwords[0];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v !== undefined && !FOREIGN_RESTIC_ENV.test(k)) env[k] = v;
  }
  return {
    command: restic.bin.path,
    args,
    env: { ...env, ...resticEnv(inst.target, chosen.password) },
    protection,
  };
}
