/** Which instances or launcher-wide files `hooks` works on: `--instance=NAME`, `--all` or `--global`. */
import { UsageError } from "../errors.ts";
import type { Discovery } from "./discover.ts";
import type { HookTarget } from "./types.ts";

export interface TargetChoice {
  instance?: string;
  all?: boolean;
  global?: boolean;
}

/** The targets; refuses no choice, two choices, and an instance name that is unknown or ambiguous. */
export function selectTargets(found: Discovery, choice: TargetChoice): HookTarget[] {
  const chosen = [choice.instance !== undefined, !!choice.all, !!choice.global].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError("Choose exactly one of --instance=NAME, --all and --global");
  if (found.installs.length === 0) {
    throw new UsageError(
      "Found no launcher (Prism Launcher, MultiMC, ATLauncher, Modrinth App)",
      "Name its data folder with --launcher-dir=PATH",
    );
  }
  if (choice.global) return found.installs.map((install) => ({ scope: "global", install }));
  if (choice.all) return found.instances.map((instance) => ({ scope: "instance", instance }));
  const name = choice.instance!;
  let matches = found.instances.filter((i) => i.name === name || i.folderName === name);
  if (matches.length === 0) {
    const lower = name.toLowerCase();
    matches = found.instances.filter((i) =>
      i.name.toLowerCase() === lower || i.folderName.toLowerCase() === lower
    );
  }
  if (matches.length === 0) {
    const names = found.instances.map((i) => `"${i.name}"`).join(", ") || "none";
    throw new UsageError(`--instance "${name}" matches no instance (found: ${names})`);
  }
  if (matches.length > 1) {
    throw new UsageError(
      `--instance "${name}" matches ${matches.length} instances (${
        matches.map((m) => `${m.launcher} "${m.instanceDir}"`).join(", ")
      })`,
      "Narrow it with --launcher=… or --launcher-dir=…",
    );
  }
  return [{ scope: "instance", instance: matches[0] }];
}
