import { dirname, join } from "../../core/fs/path.ts";
import { fileURLToPath } from "node:url";

/** How this program was started: what `selfCommand` needs, passed in so tests can pin each form. */
export interface SelfInfo {
  /** `Deno.execPath()`: the compiled binary, or the `deno` executable under `deno run`. */
  execPath: string;
  /** `Deno.build.standalone`: true in a `deno compile` binary. */
  standalone: boolean;
  /** `Deno.mainModule` (a file URL under `deno run`). */
  mainModule: string;
  /** The deno.json that `deno run` used (found next to or above the main module). */
  config?: string;
}

/** The running process, as `SelfInfo`. */
export function currentSelf(): SelfInfo {
  const self: SelfInfo = {
    execPath: Deno.execPath(),
    standalone: Deno.build.standalone,
    mainModule: Deno.mainModule,
  };
  if (!self.standalone && self.mainModule.startsWith("file:")) {
    self.config = findConfig(dirname(fileURLToPath(self.mainModule)));
  }
  return self;
}

/**
 * The argv that runs this same program again with `args`: the binary itself when compiled, else
 * `deno run -A --config=… <main module>` (the import map and npm packages come from deno.json).
 * Secrets never go here: the window reads its question from a file and the token stays in the hook.
 */
export function selfCommand(self: SelfInfo, args: string[]): string[] {
  if (self.standalone) return [self.execPath, ...args];
  const script = self.mainModule.startsWith("file:") ? fileURLToPath(self.mainModule) : self.mainModule;
  const config = self.config ? [`--config=${self.config}`] : [];
  return [self.execPath, "run", "-A", "--quiet", ...config, script, ...args];
}

function findConfig(dir: string): string | undefined {
  for (let d = dir;; d = dirname(d)) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      try {
        if (Deno.statSync(join(d, name)).isFile) return join(d, name);
      } catch { /* not here */ }
    }
    if (dirname(d) === d) return undefined;
  }
}
