/**
 * One instance, one set of user folders, whether its hook runs in a launcher's Flatpak sandbox or the
 * player runs instance-sync in a terminal on the host (docs/launchers.md). Inside the sandbox
 * `XDG_CONFIG_HOME`, `XDG_DATA_HOME` and `XDG_CACHE_HOME` point into `~/.var/app/<app>/`, the only part
 * of the home folder the sandbox sees. So a pack folder inside `~/.var/app/<app>/` uses that app's
 * folders for the machine id, the key cache and the default repository folder on the host too; the
 * sandbox needs nothing (its environment already says so). Imports nothing: it runs on the hook path.
 */

/** The pack folder a command line works on, as cheaply as possible: the flag, `$INST_MC_DIR`, the cwd. */
export function packFolderOfArgs(
  args: string[],
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  let folder = env.INST_MC_DIR || cwd;
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith("--pack-folder=")) folder = args[i].slice("--pack-folder=".length);
    else if (args[i] === "--pack-folder" && args[i + 1] !== undefined) folder = args[i + 1];
  }
  return folder.startsWith("/") ? folder : `${cwd}/${folder}`;
}

/**
 * `env` with the XDG folders of the Flatpak app whose `~/.var/app/<app>/` holds `packFolder`, when this
 * process runs on the host (no `FLATPAK_ID`); otherwise `env` itself. `INSTANCE_SYNC_CONFIG_DIR`,
 * `INSTANCE_SYNC_CACHE_DIR` and `INSTANCE_SYNC_DEFAULT_REPO` still win: they are read before the XDG ones.
 */
export function sandboxUserEnv(
  env: Record<string, string | undefined>,
  packFolder: string,
): Record<string, string | undefined> {
  const home = env.HOME?.replace(/\/+$/, "");
  if (!home || env.FLATPAK_ID) return env;
  const apps = `${home}/.var/app/`;
  if (!packFolder.startsWith(apps)) return env;
  const id = packFolder.slice(apps.length).split("/")[0];
  if (!id || id === "." || id === "..") return env;
  const app = apps + id;
  return {
    ...env,
    XDG_CONFIG_HOME: `${app}/config`,
    XDG_DATA_HOME: `${app}/data`,
    XDG_CACHE_HOME: `${app}/cache`,
  };
}
