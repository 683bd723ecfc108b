import { isAbsolute, join, resolve } from "../fs/path.ts";
import { UsageError } from "../errors.ts";

/** The per-instance folder; the name stays `.cloud-sync` for compatibility with the original tool. */
export const CONFIG_DIR = ".cloud-sync";

/** Paths of every file of the on-disk contract (docs/contract.md#on-disk-contract) for one pack folder. */
export interface InstancePaths {
  packFolder: string;
  configDir: string;
  syncJson: string;
  syncJsonDisabled: string;
  token: string;
  scope: string;
  state: string;
  lock: string;
  filesFrom: string;
  excludeFrom: string;
  /** Validation receipts (core/config/receipts.ts): a cache, safe to delete. */
  validated: string;
}

/** Computes the contract paths of a pack folder (no I/O). */
export function instancePaths(packFolder: string): InstancePaths {
  const configDir = join(packFolder, CONFIG_DIR);
  return {
    packFolder,
    configDir,
    syncJson: join(configDir, "sync.json"),
    syncJsonDisabled: join(configDir, "sync.json.disabled"),
    token: join(configDir, "token"),
    scope: join(configDir, "scope.json"),
    state: join(configDir, "state.json"),
    lock: join(configDir, "lock"),
    filesFrom: join(configDir, "files-from.txt"),
    excludeFrom: join(configDir, "exclude-from.txt"),
    validated: join(configDir, "validated"),
  };
}

/**
 * Picks the pack folder: `--pack-folder`, else `$INST_MC_DIR` (set by Prism/MultiMC), else the
 * current folder. It must be an existing directory; the error names where the value came from.
 */
export async function resolvePackFolder(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<string> {
  const [value, source] = flag !== undefined
    ? [flag, "--pack-folder"]
    : env.INST_MC_DIR
    ? [env.INST_MC_DIR, "$INST_MC_DIR"]
    : [cwd, "the current folder"];
  if (value.trim() === "") throw new UsageError(`Pack folder from ${source} is empty`);
  const abs = isAbsolute(value) ? value : resolve(cwd, value);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(abs);
  } catch {
    throw new UsageError(`Pack folder "${abs}" (from ${source}) does not exist`);
  }
  if (!info.isDirectory) throw new UsageError(`Pack folder "${abs}" (from ${source}) is not a folder`);
  return abs;
}
