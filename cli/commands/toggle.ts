import { disableConfig, enableConfig } from "../../core/config/lifecycle.ts";
import { instancePaths, resolvePackFolder } from "../../core/config/paths.ts";
import type { CliContext } from "../context.ts";
import { keepTokenOutOfExports } from "./packIgnore.ts";

/** `disable`: pause sync for this instance. */
export async function runDisable(opts: { packFolder?: string }, ctx: CliContext): Promise<void> {
  const paths = instancePaths(await resolvePackFolder(opts.packFolder, ctx.env, ctx.cwd));
  const result = await disableConfig(paths);
  ctx.err(
    result === "disabled"
      ? `instance-sync: sync disabled (kept as "${paths.syncJsonDisabled}"; \`instance-sync enable\` resumes it)`
      : result === "already-disabled"
      ? `instance-sync: sync is already disabled ("${paths.syncJsonDisabled}")`
      : `instance-sync: nothing to disable: "${paths.syncJson}" does not exist`,
  );
}

/** `enable`: resume sync with the same instance id and repository. */
export async function runEnable(opts: { packFolder?: string }, ctx: CliContext): Promise<void> {
  const paths = instancePaths(await resolvePackFolder(opts.packFolder, ctx.env, ctx.cwd));
  const result = await enableConfig(paths);
  ctx.err(
    result === "enabled"
      ? `instance-sync: sync enabled ("${paths.syncJson}")`
      : `instance-sync: nothing to enable: "${paths.syncJsonDisabled}" does not exist (run \`instance-sync init\` or \`setup\`)`,
  );
  if (result === "enabled") await keepTokenOutOfExports(paths.packFolder, ctx);
}
