/**
 * What discovery knows about the launchers on this computer and their instances. One module per
 * launcher (`prism.ts`, `multimc.ts`, `atlauncher.ts`, `modrinth.ts`) implements `LauncherModule`;
 * `discover.ts` asks them all. Front ends (the home screen, `hooks`, `doctor`) read only these types.
 */

export type LauncherKind = "prism" | "multimc" | "atlauncher" | "modrinth";

/**
 * Whether the instance syncs: no `sync.json`, an active one, or a paused one (`sync.json.disabled`).
 * `problem` says why the file could not be read (then `instanceId` is what could be read, maybe "").
 */
export type SyncState =
  | { state: "off" }
  | { state: "on"; instanceId: string; label?: string; problem?: string }
  | { state: "paused"; instanceId: string; label?: string; problem?: string };

/**
 * How the launcher's hooks stand for one instance:
 * none (no pre-launch/post-exit command), instance (this instance's own override runs instance-sync),
 * global (the launcher-wide commands run instance-sync), off (an override with empty commands hides the
 * global ones), foreign (someone else's command only), broken (names an instance-sync binary that does
 * not exist, or wires only one of pull/push).
 */
export type HookStateName = "none" | "instance" | "global" | "off" | "foreign" | "broken";

export interface HookState {
  state: HookStateName;
  /** The effective commands as the launcher would run them (after the override rule). */
  preLaunch?: string;
  postExit?: string;
  /** One line for a person when state is broken or foreign (what is wrong, what is there). */
  detail?: string;
}

/** A data folder of one launcher install. */
export interface LauncherInstall {
  kind: LauncherKind;
  /** The launcher's data folder (holds `prismlauncher.cfg`, `multimc.cfg`, `configs/` or `app.db`). */
  dataDir: string;
  /** Installed from Flathub: hooks run inside its sandbox (docs/launchers.md). */
  flatpak: boolean;
  /** Flatpak application id, when `flatpak` (e.g. "org.prismlauncher.PrismLauncher"). */
  flatpakId?: string;
  /** Where the install was found, for messages: "--launcher-dir", "$PRISMLAUNCHER_DATA_DIR", "flatpak", "default", "portable". */
  source: string;
}

/** One instance of one launcher. */
export interface DiscoveredInstance {
  launcher: LauncherKind;
  install: LauncherInstall;
  /** The display name (Prism/MultiMC `name=`, ATLauncher `launcher.name`, Modrinth profile name). */
  name: string;
  /** The launcher's own folder name for it (what `--instance=` also accepts). */
  folderName: string;
  /** The instance folder (`<InstanceDir>/<folder>`). */
  instanceDir: string;
  /** The game folder: the pack folder instance-sync syncs (`minecraft`/`.minecraft`, or instanceDir). */
  gameDir: string;
  sync: SyncState;
  hooks: HookState;
  /** ISO time of the last sync (state.json's base), or null. */
  lastSync: string | null;
}

/** Where and how to look: everything discovery reads from the outside world is passed in. */
export interface DiscoveryOptions {
  env: Record<string, string | undefined>;
  home: string;
  os: typeof Deno.build.os;
  /** `--launcher=` narrows the search to one launcher. */
  launcher?: LauncherKind;
  /** `--launcher-dir=` names the data folder (then only that folder is read). */
  launcherDir?: string;
}

/** One launcher's discovery: where its data folders are and what instances they hold. */
export interface LauncherModule {
  kind: LauncherKind;
  /** The data folders to read: only `--launcher-dir` when given, else the known locations that exist. */
  installs(options: DiscoveryOptions): Promise<LauncherInstall[]>;
  /** The instances of one install, in the launcher's folder order (sorted by name). */
  instances(install: LauncherInstall, options: DiscoveryOptions): Promise<DiscoveredInstance[]>;
}

/** What `hooks install|remove` writes to: one instance's own commands, or a launcher's global ones. */
export type HookTarget = { scope: "instance"; instance: DiscoveredInstance } | {
  scope: "global";
  install: LauncherInstall;
};
