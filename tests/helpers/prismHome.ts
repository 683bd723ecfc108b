/**
 * A player's home with a native Prism Launcher install (`~/.local/share/PrismLauncher`) holding one
 * instance, "Cozy Pack" in `instances/Cozy`: what the doctor and the home screen tests discover.
 */
import { join } from "node:path";
import { escapeQtValue } from "../../core/launchers/qtIni.ts";
import { qtQuote } from "../../core/launchers/commandLine.ts";
import { buildMmc, prismInstanceCfg } from "./launchers.ts";
import { cliCommand } from "./cli.ts";

export interface PrismHome {
  home: string;
  dataDir: string;
  instanceDir: string;
  gameDir: string;
  /** HOME and XDG_DATA_HOME pointing into `home`, so discovery finds this install and no other. */
  env: Record<string, string>;
}

/** The hook command `hooks install` writes for this checkout's CLI, as Prism's splitter reads it. */
export function prismHook(action: "pull" | "push"): string {
  return [...cliCommand(), action, "--pack-folder=$INST_MC_DIR"].map(qtQuote).join(" ");
}

/** Builds the install; `wired` puts this checkout's pull/push into the instance's own override. */
export async function prismHome(
  home: string,
  opts: { wired?: boolean; files?: Record<string, string> } = {},
) {
  const dataDir = join(home, ".local", "share", "PrismLauncher");
  const hooks: Record<string, string> = opts.wired
    ? {
      OverrideCommands: "true",
      PreLaunchCommand: escapeQtValue(prismHook("pull")),
      PostExitCommand: escapeQtValue(prismHook("push")),
    }
    : {};
  await buildMmc(dataDir, "prismlauncher.cfg", "[General]\nConfigVersion=1.2\nInstanceDir=instances\n", [
    { folder: "Cozy", cfg: prismInstanceCfg("Cozy Pack", hooks), game: "minecraft" },
  ]);
  const instanceDir = join(dataDir, "instances", "Cozy");
  const gameDir = join(instanceDir, "minecraft");
  for (const [rel, text] of Object.entries(opts.files ?? {})) {
    await Deno.mkdir(join(gameDir, rel, ".."), { recursive: true });
    await Deno.writeTextFile(join(gameDir, rel), text);
  }
  const env = { HOME: home, XDG_DATA_HOME: join(home, ".local", "share"), PRISMLAUNCHER_DATA_DIR: "" };
  return { home, dataDir, instanceDir, gameDir, env } satisfies PrismHome;
}
