/**
 * `ignore` for Deno.test that says why: a test that cannot run here (another OS, a missing shell) is
 * marked ignored and the reason is printed, never skipped silently.
 */
export function skipIf(condition: boolean, test: string, reason: string): boolean {
  if (condition) console.log(`ignored "${test}": ${reason}`);
  return condition;
}
