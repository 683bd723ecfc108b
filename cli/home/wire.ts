/**
 * Wiring the hooks from a terminal (the home screen, and the end of `setup`): the same plan and write
 * as `hooks install` (core/launchers/hookPlan.ts, hookApply.ts). Someone else's command already there
 * is never dropped: the player is asked whether to keep it running first or to leave the file alone.
 */
import { applyHookPlan } from "../../core/launchers/hookApply.ts";
import {
  ForeignCommandError,
  type HookPlan,
  type HookTarget,
  planHooks,
} from "../../core/launchers/hookPlan.ts";
import { assertLaunchersClosed, listProcesses } from "../../core/launchers/launcherProcess.ts";
import { currentSelf, selfCommand } from "../window/selfCommand.ts";

/** Asks whether to keep someone else's command (named in `refusal`) running before instance-sync. */
export type AskKeep = (refusal: string) => Promise<boolean>;

/**
 * Plans and writes the hooks of `targets`; returns what was done, in lines for the player. `program`:
 * the words that start instance-sync (default: this running program, as `hooks install` names it).
 */
export async function wireHooks(
  targets: HookTarget[],
  askKeep: AskKeep,
  program?: string[],
): Promise<string[]> {
  program ??= selfCommand(currentSelf(), []); // as `hooks install` names this program
  const plan = (keepExisting: boolean) =>
    planHooks(targets, { action: "install", program, keepExisting, os: Deno.build.os });
  let planned: HookPlan;
  try {
    planned = await plan(false);
  } catch (e) {
    if (!(e instanceof ForeignCommandError)) throw e; // a Flatpak sandbox under `deno run`, …: as it is
    if (!(await askKeep(e.message))) return [`Not wired: ${e.message}`];
    planned = await plan(true);
  }
  const lines: string[] = [];
  if (planned.files.length || planned.copies.length) {
    const kinds = targets.map((t) => t.scope === "instance" ? t.instance.launcher : t.install.kind);
    assertLaunchersClosed(kinds.filter((k) => k !== "modrinth"), await listProcesses());
    await applyHookPlan(planned);
  }
  for (const c of planned.copies) {
    lines.push(`Copied the program into "${c.to}": the Flatpak sandbox runs that copy`);
  }
  for (const f of planned.files) {
    lines.push(`✔ Wired ${f.target} ("${f.file}")`);
    const kept = f.kept.preLaunch ?? f.kept.postExit;
    if (kept) lines.push(`  "${kept}" keeps running first`);
  }
  for (const p of planned.paste) {
    lines.push(`${p.target}: paste these into its Hooks settings:`);
    lines.push(`  Pre-launch: ${p.preLaunch}`, `  Post-exit:  ${p.postExit}`);
  }
  if (lines.length === 0) lines.push("Nothing to change: the hooks are already wired");
  return lines;
}
