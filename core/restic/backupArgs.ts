/**
 * A backup's options and argv, apart from the tracker that reads its output (backup.ts, which loads
 * zod): the driver builds the command line and starts restic before that loads.
 */
import { ResticError } from "../errors.ts";
import type { ResticProgress } from "./progress.ts";

export interface BackupOptions {
  /** The pack folder: restic runs here so `filesFrom` entries are relative to it. */
  cwd: string;
  /** A file listing what to back up, one path per line, relative to `cwd` (`saves`, `options.txt`). */
  filesFrom: string;
  /** A file of restic exclude patterns. */
  excludeFile: string;
  /** This machine's name in the snapshot. */
  host: string;
  /** Tags (a tag must not contain ",": restic splits `--tag a,b` into two). */
  tags: string[];
  /** `--parent`: the snapshot to compare against (restic's own guess uses absolute paths and hosts). */
  parent?: string;
  onProgress?: (p: ResticProgress) => void;
}

/** The argv of a backup; repository and password are not in it (they travel in the environment). */
export function backupArgs(o: BackupOptions): string[] {
  const args = ["backup", "--files-from", o.filesFrom, "--exclude-file", o.excludeFile, "--host", o.host];
  for (const tag of o.tags) {
    if (tag.includes(",")) throw new ResticError(`Tag "${tag}" contains ",", which restic would split`, null);
    args.push("--tag", tag);
  }
  if (o.parent) args.push("--parent", o.parent);
  return args;
}
