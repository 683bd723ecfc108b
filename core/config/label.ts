/**
 * The instance label shown in snapshots and messages: `--instance-label`, else `$INST_NAME`, else
 * `$INST_ID` (both set by Prism/MultiMC), else the first 8 characters of the instance id.
 */
export function resolveInstanceLabel(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  instanceId: string,
): string {
  for (const candidate of [flag, env.INST_NAME, env.INST_ID]) {
    const value = candidate?.trim();
    if (value) return value;
  }
  return instanceId.slice(0, 8);
}
