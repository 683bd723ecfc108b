import { disableConfig, enableConfig } from "../../core/config/lifecycle.ts";
import { instancePaths } from "../../core/config/paths.ts";
import { sandboxUserEnv } from "../../core/config/sandboxDirs.ts";
import { SyncError } from "../../core/errors.ts";
import type { DiscoveredInstance } from "../../core/launchers/types.ts";
import type { Discovery } from "../../core/launchers/discover.ts";
import type { HomeAction } from "../../tui/home/actions.ts";
import type { CliContext } from "../context.ts";
import { VERSION } from "../version.ts";
import { askKeepInTerminal } from "./offer.ts";

/**
 * Runs one home-screen action on `instance` and returns what to show on the home screen afterwards.
 * Lines the commands print are collected there rather than scrolled past; a refusal or failure is a
 * line too (the screen stays open).
 */
export async function performHomeAction(
  action: HomeAction,
  instance: DiscoveredInstance,
  found: Discovery,
  ctx: CliContext,
): Promise<string[]> {
  const lines: string[] = [];
  const sub: CliContext = {
    ...instanceContext(ctx, instance),
    err: (l) => lines.push(l.replace(/^instance-sync: /, "")),
  };
  try {
    lines.push(...await perform(action, instance, found, sub));
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    lines.push(`✘ ${e.message}`, ...(e.hint ? [e.hint] : []));
  }
  return lines;
}

/**
 * `ctx` as a command started on `instance` from a terminal sees it: an instance of a Flatpak launcher
 * uses the sandbox's folders for the machine id and caches, as its hooks do (core/config/sandboxDirs.ts).
 * The home screen starts on no pack folder, so the process context cannot have decided this.
 */
export function instanceContext(ctx: CliContext, instance: DiscoveredInstance): CliContext {
  return { ...ctx, env: sandboxUserEnv(ctx.env, instance.gameDir) };
}

async function perform(
  action: HomeAction,
  instance: DiscoveredInstance,
  found: Discovery,
  ctx: CliContext,
): Promise<string[]> {
  const paths = instancePaths(instance.gameDir);
  switch (action) {
    case "setup": {
      await Deno.mkdir(instance.gameDir, { recursive: true }); // a new instance may not have it yet
      const { runSetup } = await import("../commands/setup.ts");
      const { setupPrefill } = await import("./prefill.ts");
      const prefill = await setupPrefill(found.instances, instance);
      await runSetup({ packFolder: instance.gameDir, instanceLabel: instance.name, ...prefill }, ctx, true);
      return [];
    }
    case "wire-instance":
    case "wire-all": {
      const { wireHooks } = await import("./wire.ts");
      const targets = action === "wire-instance"
        ? [{ scope: "instance" as const, instance }]
        : found.instances.filter((i) => i.install.dataDir === instance.install.dataDir)
          .map((i) => ({ scope: "instance" as const, instance: i }));
      return await wireHooks(targets, askKeepInTerminal);
    }
    case "history": {
      const { runHistory } = await import("../commands/history.ts");
      await runHistory({ packFolder: instance.gameDir }, ctx, true);
      return [];
    }
    case "pause": {
      const result = await disableConfig(paths);
      if (result === "disabled") {
        return [`Sync paused for "${instance.name}": the hooks do nothing until you resume it`];
      }
      return [
        result === "already-disabled"
          ? "Sync is already paused"
          : `Nothing to pause: "${paths.syncJson}" does not exist`,
      ];
    }
    case "resume": {
      if (await enableConfig(paths) === "nothing-to-enable") {
        return [`Nothing to resume: "${paths.syncJsonDisabled}" does not exist`];
      }
      const { keepTokenOutOfExports } = await import("../commands/packIgnore.ts");
      await keepTokenOutOfExports(paths.packFolder, ctx);
      return [`Sync resumed for "${instance.name}"`];
    }
    case "doctor": {
      const { diagnose } = await import("../../core/doctor/doctor.ts");
      const { subjectOf } = await import("../../core/doctor/subjects.ts");
      const { findings } = await diagnose(subjectOf(instance), { env: ctx.env, version: VERSION });
      if (findings.length === 0) return [`✔ "${instance.name}": nothing wrong`];
      return [`"${instance.name}":`, ...findings.flatMap((f) => [`✘ ${f.problem}`, `  → ${f.fix}`])];
    }
  }
}
