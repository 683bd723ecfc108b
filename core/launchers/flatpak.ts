/**
 * Flatpak launchers (DESIGN 14). The sandbox sees its own `~/.var/app/<id>/` but not `~/.local/bin`, so
 * `hooks install` places a copy of the binary in the launcher's data folder and names that copy.
 *
 * Inside the sandbox `XDG_CONFIG_HOME`, `XDG_DATA_HOME` and `XDG_CACHE_HOME` point into
 * `~/.var/app/<id>/`. Decision: an instance whose game folder lies inside `~/.var/app/<id>/` uses that
 * app's folders for the machine id, the key cache and the default repository folder — in the sandbox
 * (where the environment already says so) and in the player's terminal on the host alike
 * (`sandboxUserEnv`), so both agree for the same instance.
 */
import { UsageError } from "../errors.ts";
import { posix } from "../fs/path.ts";
import { pathOf } from "./locations.ts";
import type { DiscoveryOptions, LauncherInstall } from "./types.ts";

/** The folder inside the launcher's data folder that holds the copy. */
export const FLATPAK_BIN_DIR = "instance-sync";

/** Where the copy of `program` goes; refuses a `deno run` command line, which the sandbox cannot run. */
export function flatpakCopyPath(install: LauncherInstall, program: string[], os: DiscoveryOptions["os"]) {
  if (program.length !== 1) {
    throw new UsageError(
      `The ${install.flatpakId ?? "Flatpak"} sandbox cannot run "${program[0]}": ` +
        "name a compiled instance-sync with --binary=PATH",
    );
  }
  const p = pathOf(os);
  return { from: program[0], to: p.join(install.dataDir, FLATPAK_BIN_DIR, p.basename(program[0])) };
}

/**
 * The environment for working on `packFolder`: unchanged, unless the folder is inside a Flatpak app's
 * `~/.var/app/<id>/` and the process runs on the host; then the XDG folders are that app's, as they are
 * inside its sandbox. Explicit `INSTANCE_SYNC_CONFIG_DIR`/`_CACHE_DIR`/`_DEFAULT_REPO` still win
 * (they are read before the XDG folders).
 */
export function sandboxUserEnv(
  env: Record<string, string | undefined>,
  packFolder: string,
): Record<string, string | undefined> {
  const home = env.HOME;
  if (!home || env.FLATPAK_ID) return env; // inside a sandbox the XDG folders already are the app's
  const apps = posix.join(home, ".var", "app") + "/";
  if (!packFolder.startsWith(apps)) return env;
  const id = packFolder.slice(apps.length).split("/")[0];
  if (!id) return env;
  const app = apps + id;
  return {
    ...env,
    XDG_CONFIG_HOME: `${app}/config`,
    XDG_DATA_HOME: `${app}/data`,
    XDG_CACHE_HOME: `${app}/cache`,
  };
}
