/**
 * The pre-launch and post-exit command lines instance-sync writes, in each launcher's own quoting, and
 * how an existing command of someone else's is kept (`--keep-existing`):
 * - Prism and MultiMC run no shell: `"<bin>" chain "<their command>" pull "--pack-folder=$INST_MC_DIR"`;
 *   instance-sync's hidden `chain` command splits theirs with Qt's splitter as the launcher would, runs
 *   it first, then runs the sync (cli/commands/chain.ts).
 * - ATLauncher runs `/bin/sh -c`: `( <their command> ) && <ours>` before launch (their failure still
 *   stops the launch), `( <their command> ); <ours>` after exit (the session is uploaded regardless).
 */
import { qtQuote, qtSplitCommand, shQuote } from "./commandLine.ts";
import { findOurCommand, type Splitter } from "./hookState.ts";
import type { LauncherKind } from "./types.ts";

export type Verb = "pull" | "push";

/** The pack folder as the launchers name it: they replace `$INST_MC_DIR` before running the command. */
export const PACK_FOLDER_VAR = "$INST_MC_DIR";

export function splitterOf(kind: LauncherKind): Splitter {
  return kind === "atlauncher" ? "sh" : kind === "modrinth" ? "posix" : "qt";
}

/**
 * The command for `verb`. `program` is the words that start instance-sync; `packFolder` replaces the
 * variable where the launcher has none (the Modrinth App, pasted per profile); `existing` is someone
 * else's command to keep running first.
 */
export function renderHook(
  kind: LauncherKind,
  verb: Verb,
  program: string[],
  options: { existing?: string; packFolder?: string } = {},
): string {
  const folder = options.packFolder ?? PACK_FOLDER_VAR;
  const splitter = splitterOf(kind);
  if (splitter === "qt") {
    const chain = options.existing ? ["chain", options.existing] : [];
    const words = [...program, ...chain, verb].map(qtQuote);
    // Always quoted: the launcher puts the folder in before splitting, and it may hold spaces.
    return [...words, `"--pack-folder=${folder.replaceAll('"', '"""')}"`].join(" ");
  }
  // The Modrinth App splits without a shell and replaces no variables in the text: a pasted per-profile
  // command names the folder; its launcher-wide one relies on `$INST_MC_DIR` in the environment.
  const packWord = options.packFolder
    ? [shQuote(`--pack-folder=${folder}`)]
    : kind === "modrinth"
    ? []
    : [`--pack-folder="${folder}"`];
  const ours = [...program.map(shQuote), verb, ...packWord].join(" ");
  if (!options.existing) return ours;
  return `( ${options.existing} ) ${verb === "pull" ? "&&" : ";"} ${ours}`;
}

/**
 * Someone else's part of a command: the whole command when it is not instance-sync's, the chained
 * command when it is ours with one kept, or undefined when it is ours alone or empty.
 */
export function foreignPart(kind: LauncherKind, command: string | undefined): string | undefined {
  if (!command?.trim()) return undefined;
  const splitter = splitterOf(kind);
  const ours = findOurCommand(command, splitter);
  if (!ours) return command;
  if (splitter === "qt") return ours.chained;
  const chained = /^\( ([\s\S]*) \) (?:&&|;) /.exec(command);
  return chained && findOurCommand(command.slice(chained[0].length), splitter) ? chained[1] : undefined;
}

/** Qt's splitter, for `chain`: the words of the kept command as the launcher would have split them. */
export const splitKept = qtSplitCommand;
