/** `hooks install|remove`: wires instance-sync into the launchers' pre-launch and post-exit commands. */
import { discover, processDiscoveryOptions } from "../../core/launchers/discover.ts";
import { applyHookPlan } from "../../core/launchers/hookApply.ts";
import { type HookPlan, planHooks } from "../../core/launchers/hookPlan.ts";
import { assertLaunchersClosed, listProcesses } from "../../core/launchers/launcherProcess.ts";
import { resolveBinary } from "../../core/launchers/binary.ts";
import { selectTargets } from "../../core/launchers/targets.ts";
import type { LauncherKind } from "../../core/launchers/types.ts";
import { isAbsolute, resolve } from "../../core/fs/path.ts";
import type { CliContext } from "../context.ts";
import { currentSelf, selfCommand } from "../window/selfCommand.ts";

export interface HooksOptions {
  launcher?: LauncherKind;
  launcherDir?: string;
  instance?: string;
  all?: boolean;
  global?: boolean;
  binary?: string;
  keepExisting?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** The lines that differ between two texts (`-` removed, `+` added), in file order. */
function changedLines(before: string | null, after: string): string[] {
  const a = (before ?? "").split("\n");
  const b = after.split("\n");
  return [
    ...a.filter((l) => !b.includes(l)).map((l) => `  - ${l}`),
    ...b.filter((l) => !a.includes(l)).map((l) => `  + ${l}`),
  ];
}

function report(plan: HookPlan, backups: string[], opts: HooksOptions, ctx: CliContext): void {
  if (opts.json) {
    ctx.out(JSON.stringify({
      action: plan.action,
      dryRun: !!opts.dryRun,
      files: plan.files.map(({ file, target, preLaunch, postExit, kept }) => ({
        file,
        target,
        preLaunch,
        postExit,
        kept,
      })),
      copies: plan.copies,
      paste: plan.paste,
      backups,
    }));
    return;
  }
  const say = (line: string) => ctx.err(`instance-sync: ${line}`);
  for (const c of plan.copies) {
    say(
      `${opts.dryRun ? "Would copy" : "Copied"} "${c.from}" to "${c.to}": the Flatpak sandbox runs that copy`,
    );
  }
  for (const f of plan.files) {
    const verb = plan.action === "install" ? "wire" : "unwire";
    say(
      `${opts.dryRun ? `Would ${verb}` : verb === "wire" ? "Wired" : "Unwired"} ${f.target} in "${f.file}"`,
    );
    if (f.kept.preLaunch || f.kept.postExit) {
      say(`  keeping "${f.kept.preLaunch ?? f.kept.postExit}" running first`);
    }
    if (opts.dryRun) { for (const line of changedLines(f.before, f.after)) ctx.err(line); }
  }
  if (backups.length) say(`The previous files are kept beside them as "*.instance-sync-backup"`);
  for (const p of plan.paste) {
    ctx.out(`${p.target}: instance-sync does not edit its settings; paste these into its Hooks settings:`);
    ctx.out(`  Pre-launch: ${p.preLaunch}`);
    ctx.out(`  Post-exit:  ${p.postExit}`);
  }
  if (plan.files.length === 0 && plan.paste.length === 0) {
    say(
      plan.action === "remove"
        ? "Nothing to remove: instance-sync is not wired there"
        : "Nothing to change: instance-sync is wired there already",
    );
  }
}

export async function runHooks(
  action: "install" | "remove",
  opts: HooksOptions,
  ctx: CliContext,
): Promise<void> {
  const launcherDir = opts.launcherDir === undefined || isAbsolute(opts.launcherDir)
    ? opts.launcherDir
    : resolve(ctx.cwd, opts.launcherDir);
  const found = await discover(
    processDiscoveryOptions(ctx.env, { launcher: opts.launcher, launcherDir }),
  );
  const targets = selectTargets(found, opts);
  // The commands name this very program (under `deno run`, its command line), or `--binary`.
  const program = action === "remove"
    ? []
    : opts.binary !== undefined
    ? [await resolveBinary(opts.binary, ctx.cwd)]
    : selfCommand(currentSelf(), []);
  const plan = await planHooks(targets, {
    action,
    program,
    keepExisting: !!opts.keepExisting,
    os: Deno.build.os,
  });
  let backups: string[] = [];
  if (!opts.dryRun && (plan.files.length || plan.copies.length)) {
    const kinds = targets.map((t) => t.scope === "instance" ? t.instance.launcher : t.install.kind);
    assertLaunchersClosed(kinds.filter((k) => k !== "modrinth"), await listProcesses());
    backups = await applyHookPlan(plan);
  }
  report(plan, backups, opts, ctx);
}
