/**
 * The file that holds a hook target's commands (Prism/MultiMC `instance.cfg` or global `.cfg`,
 * ATLauncher `instance.json` or `configs/ATLauncher.json`), the commands the launcher runs now for it,
 * and how to rewrite that file with new ones in its own format.
 */
import { readTextOrNull } from "../fs/atomic.ts";
import { effectiveCommands, type Json } from "./atlauncher.ts";
import { CfgFile } from "./cfgFile.ts";
import type { HookTarget } from "./hookPlan.ts";
import { editJsonMembers } from "./jsonEdit.ts";
import { pathOf } from "./locations.ts";
import { KEYS, readGlobalCfg } from "./mmc.ts";
import type { DiscoveryOptions } from "./types.ts";

export interface Current {
  file: string;
  text: string | null;
  preLaunch?: string;
  postExit?: string;
  /** The text with the new commands (both empty: the commands turned off). */
  write: (pre: string, post: string) => string;
}

/** The file that holds the target's commands, the commands that run now, and how to rewrite it. */
export async function current(t: HookTarget, os: DiscoveryOptions["os"]): Promise<Current> {
  const p = pathOf(os);
  const install = t.scope === "instance" ? t.instance.install : t.install;
  if (install.kind === "prism" || install.kind === "multimc") {
    const kind = install.kind;
    const global = await readGlobalCfg(kind, install, os);
    if (t.scope === "global") {
      return {
        file: global.file,
        text: await readTextOrNull(global.file),
        preLaunch: global.cfg.getAny(KEYS.preLaunch),
        postExit: global.cfg.getAny(KEYS.postExit),
        write: (pre, post) => global.cfg.with({ PreLaunchCommand: pre, PostExitCommand: post }),
      };
    }
    const file = p.join(t.instance.instanceDir, "instance.cfg");
    const text = await readTextOrNull(file) ?? "";
    const cfg = CfgFile.parse(text, kind);
    const override = cfg.getAny(KEYS.override)?.trim().toLowerCase() === "true";
    const from = override ? cfg : global.cfg;
    return {
      file,
      text,
      preLaunch: from.getAny(KEYS.preLaunch),
      postExit: from.getAny(KEYS.postExit),
      write: (pre, post) =>
        cfg.with({ OverrideCommands: "true", PreLaunchCommand: pre, PostExitCommand: post }),
    };
  }
  // ATLauncher
  const globalFile = p.join(install.dataDir, "configs", "ATLauncher.json");
  const globalText = await readTextOrNull(globalFile);
  const global = JSON.parse(globalText ?? "{}") as Json;
  const file = t.scope === "global" ? globalFile : p.join(t.instance.instanceDir, "instance.json");
  const text = t.scope === "global" ? globalText : await readTextOrNull(file);
  const own = t.scope === "global" ? {} : (JSON.parse(text ?? "{}").launcher ?? {}) as Json;
  const effective = effectiveCommands(own, global);
  const path = t.scope === "global" ? [] : ["launcher"];
  return {
    file,
    text,
    preLaunch: effective.preLaunch,
    postExit: effective.postExit,
    write: (pre, post) =>
      editJsonMembers(
        text ?? "{}",
        path,
        pre || post
          ? { enableCommands: true, preLaunchCommand: pre, postExitCommand: post }
          : { enableCommands: false, preLaunchCommand: null, postExitCommand: null },
      ),
  };
}
