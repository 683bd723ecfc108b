/**
 * Whether output may carry ANSI colors: `--no-color` and `NO_COLOR` (https://no-color.org) turn them
 * off, and so does a stream that is not a terminal (a launcher log).
 *
 * Ink colors through chalk, and chalk does not read `NO_COLOR` (only `FORCE_COLOR` and a `--no-color`
 * in the process arguments). So when this says no, call `disableChalkColors(env)` before the TUI is
 * imported: chalk decides its color level once, when it is first loaded.
 *
 * @example
 * ```ts
 * if (!useColor(Deno.env.toObject(), Deno.stderr.isTerminal(), opts.color)) disableChalkColors(Deno.env);
 * ```
 */
export function useColor(
  env: Record<string, string | undefined>,
  isTerminal: boolean,
  /** commander's value of `--color`/`--no-color`: false after `--no-color`, else true or undefined */
  flag?: boolean,
): boolean {
  if (flag === false) return false;
  // The spec: "when present and not an empty string", regardless of its value (even "0").
  if ((env.NO_COLOR ?? "") !== "") return false;
  return isTerminal;
}

/**
 * Makes chalk (and so Ink and @inkjs/ui) print no colors: `FORCE_COLOR=0` is the switch chalk reads.
 * Takes the environment to change so tests can pass a fake.
 */
export function disableChalkColors(env: { set(key: string, value: string): void }): void {
  env.set("FORCE_COLOR", "0");
}
