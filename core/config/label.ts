/**
 * The instance label shown in snapshots and messages: `--instance-label`, else `$INST_NAME` (set by
 * Prism/MultiMC), else the label remembered in sync.json (`label`, written by `setup`/`init`), else
 * `$INST_ID`, else the first 8 characters of the instance id. The remembered label makes a push run
 * by hand in a terminal name its snapshots as the launcher's own runs do.
 */
export function resolveInstanceLabel(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  instanceId: string,
  saved?: unknown,
): string {
  for (const candidate of [flag, env.INST_NAME, typeof saved === "string" ? saved : undefined, env.INST_ID]) {
    const value = candidate?.trim();
    if (value) return value;
  }
  return instanceId.slice(0, 8);
}
