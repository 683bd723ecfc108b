/**
 * Flatpak launchers (docs/launchers.md). The sandbox sees its own `~/.var/app/<id>/` but not `~/.local/bin`, so
 * `hooks install` places a copy of the binary in the launcher's data folder and names that copy.
 *
 * Inside the sandbox `XDG_CONFIG_HOME`, `XDG_DATA_HOME` and `XDG_CACHE_HOME` point into
 * `~/.var/app/<id>/`: core/config/sandboxDirs.ts makes the player's terminal on the host use the same
 * folders for an instance inside `~/.var/app/<id>/`.
 */
import { UsageError } from "../errors.ts";
import { pathOf } from "./locations.ts";
import type { DiscoveryOptions, LauncherInstall } from "./types.ts";

/** The folder inside the launcher's data folder that holds the copy. */
export const FLATPAK_BIN_DIR = "instance-sync";

/** Where the copy of `program` goes; refuses a `deno run` command line, which the sandbox cannot run. */
export function flatpakCopyPath(install: LauncherInstall, program: string[], os: DiscoveryOptions["os"]) {
  if (program.length !== 1) {
    throw new UsageError(
      `The ${install.flatpakId ?? "Flatpak"} sandbox cannot run "${program[0]}": ` +
        "wire a compiled instance-sync with `instance-sync hooks install --binary=PATH`",
    );
  }
  const p = pathOf(os);
  return { from: program[0], to: p.join(install.dataDir, FLATPAK_BIN_DIR, p.basename(program[0])) };
}

/**
 * Whether a program at `path` can run inside the sandbox of the Flatpak `install`: of the home folder
 * the sandbox sees only its own `~/.var/app/<id>/` (where `hooks install` puts the copy).
 */
export function sandboxSees(install: LauncherInstall, path: string): boolean {
  if (!install.flatpak || !install.flatpakId) return true;
  const app = `/.var/app/${install.flatpakId}`;
  const at = install.dataDir.indexOf(app + "/");
  if (at < 0) return true; // not laid out as Flathub lays it out: nothing to say
  return path.startsWith(install.dataDir.slice(0, at + app.length) + "/");
}
