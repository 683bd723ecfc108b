/** `--binary=PATH`: another instance-sync executable for the hooks to name (an installer wiring its copy). */
import { UsageError } from "../errors.ts";
import { isAbsolute, resolve } from "../fs/path.ts";

/** The absolute path of `binary` (relative to `cwd`); refuses one that is not an existing file. */
export async function resolveBinary(binary: string, cwd: string): Promise<string> {
  const path = isAbsolute(binary) ? binary : resolve(cwd, binary);
  const info = await Deno.stat(path).catch(() => null);
  if (!info?.isFile) throw new UsageError(`--binary "${path}" is not an existing file`);
  return path;
}
