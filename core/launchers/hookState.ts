/**
 * Reads a launcher's pre-launch/post-exit commands as instance-sync's or someone else's, and classifies
 * an instance's hooks (none, instance, global, off, foreign, broken) for discovery, `doctor` and `hooks`.
 */
import { posixSplit, qtSplitCommand, shCommands } from "./commandLine.ts";
import type { HookState } from "./types.ts";

/** How the launcher splits its commands: Qt's splitter (Prism, MultiMC), `sh -c` (ATLauncher), POSIX. */
export type Splitter = "qt" | "sh" | "posix";

/** instance-sync's part of a command. */
export interface OurCommand {
  verb: "pull" | "push";
  /** The executable the command starts (the binary, or deno for a `deno run … main.ts` line). */
  program: string;
  /** Files that must exist for it to run: the binary, and main.ts under deno. */
  files: string[];
  /** Someone else's command that instance-sync runs first (`chain`), when there is one. */
  chained?: string;
}

const base = (p: string) => p.split(/[\\/]/).pop()!.toLowerCase();

/** The simple commands of a command string, each as words. */
export function simpleCommands(command: string, splitter: Splitter): string[][] {
  if (splitter === "qt") return [qtSplitCommand(command)];
  if (splitter === "sh") return shCommands(command);
  return [posixSplit(command)];
}

/** instance-sync's `pull`/`push` inside `command`, or null when the command is someone else's. */
export function findOurCommand(command: string | undefined, splitter: Splitter): OurCommand | null {
  for (const words of simpleCommands(command ?? "", splitter)) {
    if (words.length < 2) continue;
    const program = words[0];
    const deno = /^deno(\.exe)?$/.test(base(program));
    const mainAt = deno ? words.findIndex((w) => /(^|[\\/])main\.ts$/.test(w)) : 0;
    if (mainAt < 0 || (!deno && !base(program).includes("instance-sync"))) continue;
    const files = deno ? [program, words[mainAt]] : [program];
    let at = mainAt + 1;
    let chained: string | undefined;
    if (words[at] === "chain") [chained, at] = [words[at + 1], at + 2];
    const verb = words[at];
    if (verb === "pull" || verb === "push") return { verb, program, files, ...(chained ? { chained } : {}) };
  }
  return null;
}

export interface HookInput {
  /** The commands the launcher runs for this instance (after its override rule). */
  preLaunch?: string;
  postExit?: string;
  /** Where they come from: the instance's own override, or the launcher-wide settings. */
  source: "instance" | "global";
  /** The instance overrides the launcher-wide commands while those are not empty. */
  hidesGlobal: boolean;
  splitter: Splitter;
  /** Whether a file exists (injected so that Windows paths can be checked in tests). */
  exists: (path: string) => boolean;
  /** Whether the launcher can see a file: a Flatpak's sandbox sees only its own folder (flatpak.ts). */
  visible?: (path: string) => boolean;
}

/** The hook state of one instance. */
export function classifyHooks(input: HookInput): HookState {
  const pre = input.preLaunch?.trim() ? input.preLaunch : undefined;
  const post = input.postExit?.trim() ? input.postExit : undefined;
  const commands = { ...(pre ? { preLaunch: pre } : {}), ...(post ? { postExit: post } : {}) };
  if (!pre && !post) return { state: input.source === "instance" && input.hidesGlobal ? "off" : "none" };
  const ourPre = findOurCommand(pre, input.splitter);
  const ourPost = findOurCommand(post, input.splitter);
  if (!ourPre && !ourPost) {
    return { state: "foreign", ...commands, detail: `runs someone else's command: "${pre ?? post}"` };
  }
  const missing = [ourPre, ourPost].flatMap((c) => c?.files ?? [])
    .find((f) => !f.includes("$") && !input.exists(f));
  if (missing) return { state: "broken", ...commands, detail: `names "${missing}", which does not exist` };
  const hidden = [ourPre, ourPost].flatMap((c) => c?.files ?? [])
    .find((f) => !f.includes("$") && input.visible && !input.visible(f));
  if (hidden) {
    return {
      state: "broken",
      ...commands,
      detail: `names "${hidden}", which the launcher's Flatpak sandbox cannot see`,
    };
  }
  if (ourPre?.verb !== "pull" || ourPost?.verb !== "push") {
    const detail = ourPre?.verb !== "pull"
      ? "the pre-launch command does not run `instance-sync pull`"
      : "the post-exit command does not run `instance-sync push`";
    return { state: "broken", ...commands, detail };
  }
  return { state: input.source, ...commands };
}

/** `Deno.statSync` as an existence test (a file that cannot be stat'ed counts as missing). */
export function fileExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
