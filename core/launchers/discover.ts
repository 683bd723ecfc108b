/**
 * Finds the launchers on this computer and their instances: asks every launcher module (or only the
 * one `--launcher=` names). Everything it reads from outside comes in `DiscoveryOptions`.
 *
 * @example
 * const found = await discover({ env: Deno.env.toObject(), home: Deno.env.get("HOME")!, os: Deno.build.os });
 * for (const i of found.instances) console.log(i.launcher, i.name, i.gameDir, i.sync.state, i.hooks.state);
 */
import { UsageError } from "../errors.ts";
import { atlauncher } from "./atlauncher.ts";
import { modrinth } from "./modrinth.ts";
import { multimc } from "./multimc.ts";
import { prism } from "./prism.ts";
import type {
  DiscoveredInstance,
  DiscoveryOptions,
  LauncherInstall,
  LauncherKind,
  LauncherModule,
} from "./types.ts";

export const LAUNCHER_MODULES: Record<LauncherKind, LauncherModule> = {
  prism,
  multimc,
  atlauncher,
  modrinth,
};

export interface Discovery {
  installs: LauncherInstall[];
  instances: DiscoveredInstance[];
}

/**
 * Every install and instance found. A `--launcher-dir` that no (or not the named) launcher recognises
 * is a UsageError (exit 2) naming the folder.
 */
export async function discover(options: DiscoveryOptions): Promise<Discovery> {
  const kinds = options.launcher ? [options.launcher] : Object.keys(LAUNCHER_MODULES) as LauncherKind[];
  const installs: LauncherInstall[] = [];
  for (const kind of kinds) installs.push(...await LAUNCHER_MODULES[kind].installs(options));
  if (options.launcherDir !== undefined && installs.length === 0) {
    throw new UsageError(
      `--launcher-dir "${options.launcherDir}" holds no ${
        options.launcher ? `${options.launcher} ` : ""
      }launcher data (no prismlauncher.cfg, multimc.cfg, configs/ATLauncher.json or app.db)`,
    );
  }
  const instances: DiscoveredInstance[] = [];
  for (const install of installs) {
    instances.push(...await LAUNCHER_MODULES[install.kind].instances(install, options));
  }
  return { installs, instances };
}

/** The discovery options of this process. */
export function processDiscoveryOptions(
  env: Record<string, string | undefined>,
  extra: Pick<DiscoveryOptions, "launcher" | "launcherDir"> = {},
): DiscoveryOptions {
  const os = Deno.build.os;
  const home = (os === "windows" ? env.USERPROFILE : env.HOME) ?? "";
  return { env, home, os, ...extra };
}
