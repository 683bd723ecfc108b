import { simpleCommands, type Splitter } from "../launchers/hookState.ts";
import type { LauncherKind } from "../launchers/types.ts";

/** How each launcher splits its commands (docs/launchers.md). */
const SPLITTERS: Record<LauncherKind, Splitter> = {
  prism: "qt",
  multimc: "qt",
  atlauncher: "sh",
  modrinth: "posix",
};

/**
 * The words of a hook command that start instance-sync, i.e. those before its `pull`/`push` (and
 * before `chain <command>`): what `--version` is asked of. Null when no simple command in it runs
 * `pull`/`push` after a program.
 */
export function hookProgram(command: string, launcher: LauncherKind): string[] | null {
  for (const words of simpleCommands(command, SPLITTERS[launcher])) {
    const at = words.findIndex((w) => w === "pull" || w === "push");
    if (at <= 0) continue;
    const chain = words.lastIndexOf("chain", at);
    return words.slice(0, chain > 0 && chain === at - 2 ? chain : at);
  }
  return null;
}
