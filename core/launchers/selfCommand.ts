/**
 * The words that start this program from a launcher: the running binary's absolute path, or under
 * `deno run` the equivalent command line (deno, `run -A --quiet`, the config and main.ts), or another
 * executable named with `--binary` (an installer wiring a binary it placed).
 */
import { UsageError } from "../errors.ts";
import { isAbsolute, resolve } from "../fs/path.ts";

export interface SelfOptions {
  execPath: string;
  mainModule: string;
  /** `--binary`, relative to `cwd`. */
  binary?: string;
  cwd: string;
}

/** The running program's options (Deno.execPath, Deno.mainModule). */
export function processSelf(binary: string | undefined, cwd: string): SelfOptions {
  return { execPath: Deno.execPath(), mainModule: Deno.mainModule, binary, cwd };
}

function fromFileUrl(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname);
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1).replaceAll("/", "\\") : path;
}

/** Whether this process is `deno run …` rather than a compiled binary. */
export function runsUnderDeno(execPath: string): boolean {
  return /^deno(\.exe)?$/i.test(execPath.split(/[\\/]/).pop() ?? "");
}

/** The program words; checks that a `--binary` exists and is a file. */
export async function selfCommand(o: SelfOptions): Promise<string[]> {
  if (o.binary !== undefined) {
    const path = isAbsolute(o.binary) ? o.binary : resolve(o.cwd, o.binary);
    const info = await Deno.stat(path).catch(() => null);
    if (!info?.isFile) throw new UsageError(`--binary "${path}" is not an existing file`);
    return [path];
  }
  if (!runsUnderDeno(o.execPath)) return [o.execPath];
  const main = fromFileUrl(o.mainModule);
  const root = main.replace(/[\\/]cli[\\/]main\.ts$/, "");
  return [o.execPath, "run", "-A", "--quiet", `--config=${root}/deno.json`, main];
}
