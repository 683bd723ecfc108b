/**
 * What `hooks install|remove` changes, computed without writing anything, so that `--dry-run`, the CLI
 * and the home screen show and apply the same plan (hookApply.ts writes it). A command of someone
 * else's is never dropped: without `keepExisting` the plan is refused (ForeignCommandError, exit 2)
 * naming it.
 */
import { UsageError } from "../errors.ts";
import { foreignPart, renderHook, type Verb } from "./hookCommand.ts";
import { flatpakCopyPath } from "./flatpak.ts";
import { current } from "./hookFiles.ts";
import { LAUNCHER_NAME } from "./mmc.ts";
import type { DiscoveryOptions, HookTarget, LauncherKind } from "./types.ts";

export type { HookTarget } from "./types.ts";

/**
 * The refusal of someone else's command (exit 2, as any usage error). Its own class so that the home
 * screen asks "keep it?" for this refusal only, and shows every other one as it is.
 */
export class ForeignCommandError extends UsageError {}

export interface PlannedFile {
  file: string;
  /** The file's text now (null: it does not exist yet) and after the change. */
  before: string | null;
  after: string;
  /** For people: `Prism Launcher instance "Survival"` or `Prism Launcher (every instance)`. */
  target: string;
  preLaunch: string;
  postExit: string;
  /** Someone else's commands that keep running first. */
  kept: { preLaunch?: string; postExit?: string };
}

export interface HookPlan {
  action: "install" | "remove";
  files: PlannedFile[];
  /** Launchers instance-sync does not write (the Modrinth App): the commands to paste. */
  paste: { target: string; preLaunch: string; postExit: string }[];
  /** Copies of the binary into a Flatpak launcher's data folder, made before the files are written. */
  copies: { from: string; to: string }[];
}

export interface PlanOptions {
  action: "install" | "remove";
  /** The words that start instance-sync (cli/window/selfCommand.ts, or `--binary`). */
  program: string[];
  keepExisting: boolean;
  os: DiscoveryOptions["os"];
}

export const LAUNCHER_NAMES: Record<LauncherKind, string> = {
  ...LAUNCHER_NAME,
  atlauncher: "ATLauncher",
  modrinth: "Modrinth App",
};

function describe(t: HookTarget): string {
  return t.scope === "instance"
    ? `${LAUNCHER_NAMES[t.instance.launcher]} instance "${t.instance.name}"`
    : `${LAUNCHER_NAMES[t.install.kind]} (every instance without its own commands)`;
}

/** Plans `options.action` for every target; refuses someone else's command unless it is kept. */
export async function planHooks(targets: HookTarget[], options: PlanOptions): Promise<HookPlan> {
  const plan: HookPlan = { action: options.action, files: [], paste: [], copies: [] };
  const refused: string[] = [];
  for (const t of targets) {
    const install = t.scope === "instance" ? t.instance.install : t.install;
    const kind = install.kind;
    let program = options.program;
    if (install.flatpak && kind !== "modrinth" && options.action === "install") {
      const copy = flatpakCopyPath(install, program, options.os);
      program = [copy.to];
      if (!plan.copies.some((c) => c.to === copy.to)) plan.copies.push(copy);
    }
    if (kind === "modrinth") {
      const packFolder = t.scope === "instance" ? t.instance.gameDir : undefined;
      const render = (verb: Verb) => renderHook(kind, verb, program, { packFolder });
      plan.paste.push({ target: describe(t), preLaunch: render("pull"), postExit: render("push") });
      continue;
    }
    const now = await current(t, options.os);
    const kept = { preLaunch: foreignPart(kind, now.preLaunch), postExit: foreignPart(kind, now.postExit) };
    if (options.action === "remove") {
      if (kept.preLaunch === now.preLaunch && kept.postExit === now.postExit) continue; // not wired here
      const after = now.write(kept.preLaunch ?? "", kept.postExit ?? "");
      plan.files.push({
        file: now.file,
        before: now.text,
        after,
        target: describe(t),
        preLaunch: kept.preLaunch ?? "",
        postExit: kept.postExit ?? "",
        kept: strip(kept),
      });
      continue;
    }
    if (!options.keepExisting) {
      for (const [name, command] of [["pre-launch", kept.preLaunch], ["post-exit", kept.postExit]]) {
        if (command) refused.push(`${describe(t)} already runs a ${name} command: "${command}"`);
      }
      if (refused.length) continue;
    }
    const pre = renderHook(kind, "pull", program, { existing: kept.preLaunch });
    const post = renderHook(kind, "push", program, { existing: kept.postExit });
    const after = now.write(pre, post);
    if (after === now.text) continue; // wired already: nothing to write, back up or report as done
    plan.files.push({
      file: now.file,
      before: now.text,
      after,
      target: describe(t),
      preLaunch: pre,
      postExit: post,
      kept: strip(kept),
    });
  }
  if (refused.length) {
    throw new ForeignCommandError(
      refused[0] + (refused.length > 1 ? ` (and ${refused.length - 1} more)` : ""),
      "Keep it running before instance-sync with --keep-existing, or clear it in the launcher first",
    );
  }
  return plan;
}

function strip(kept: { preLaunch?: string; postExit?: string }) {
  return Object.fromEntries(Object.entries(kept).filter(([, v]) => v)) as typeof kept;
}
