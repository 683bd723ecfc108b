/**
 * The file that holds a hook target's commands (Prism/MultiMC `instance.cfg` or global `.cfg`,
 * ATLauncher `instance.json` or `configs/ATLauncher.json`), the commands the launcher runs now for it,
 * and how to rewrite that file with new ones in its own format.
 */
import { ConfigError, SyncError } from "../errors.ts";
import { readConfigText } from "../fs/atomic.ts";
import { effectiveCommands, type Json } from "./atlauncher.ts";
import { CfgFile } from "./cfgFile.ts";
import type { HookTarget } from "./types.ts";
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

function jsonObject(text: string | null, file: string): Json {
  try {
    const value = JSON.parse(text ?? "{}");
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new ConfigError(file, `Cannot parse "${file}": it is not a JSON object`);
}

/** `write` whose failure (a value the format cannot hold, a missing object) names the file. */
function named(file: string, write: Current["write"]): Current["write"] {
  return (pre, post) => {
    try {
      return write(pre, post);
    } catch (e) {
      if (e instanceof SyncError) throw e;
      throw new ConfigError(file, `Cannot write the commands into "${file}": ${(e as Error).message}`);
    }
  };
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
        text: await readConfigText(global.file),
        preLaunch: global.cfg.getAny(KEYS.preLaunch),
        postExit: global.cfg.getAny(KEYS.postExit),
        write: named(
          global.file,
          (pre, post) => global.cfg.with({ PreLaunchCommand: pre, PostExitCommand: post }),
        ),
      };
    }
    const file = p.join(t.instance.instanceDir, "instance.cfg");
    const text = await readConfigText(file) ?? "";
    const cfg = CfgFile.parse(text, kind);
    const override = cfg.getAny(KEYS.override)?.trim().toLowerCase() === "true";
    const from = override ? cfg : global.cfg;
    return {
      file,
      text,
      preLaunch: from.getAny(KEYS.preLaunch),
      postExit: from.getAny(KEYS.postExit),
      write: named(
        file,
        (pre, post) => cfg.with({ OverrideCommands: "true", PreLaunchCommand: pre, PostExitCommand: post }),
      ),
    };
  }
  // ATLauncher
  const globalFile = p.join(install.dataDir, "configs", "ATLauncher.json");
  const globalText = await readConfigText(globalFile);
  const global = jsonObject(globalText, globalFile);
  const file = t.scope === "global" ? globalFile : p.join(t.instance.instanceDir, "instance.json");
  const text = t.scope === "global" ? globalText : await readConfigText(file);
  const own = t.scope === "global" ? {} : (jsonObject(text, file).launcher ?? {}) as Json;
  const effective = effectiveCommands(own, global);
  const path = t.scope === "global" ? [] : ["launcher"];
  return {
    file,
    text,
    preLaunch: effective.preLaunch,
    postExit: effective.postExit,
    write: named(file, (pre, post) =>
      editJsonMembers(
        text ?? "{}",
        path,
        pre || post
          ? { enableCommands: true, preLaunchCommand: pre, postExitCommand: post }
          : { enableCommands: false, preLaunchCommand: null, postExitCommand: null },
      )),
  };
}
