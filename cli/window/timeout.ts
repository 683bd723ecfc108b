/** The default `--dialog-timeout` (15 minutes): long enough to notice the window, short enough not to hang a launcher. */
export const DEFAULT_DIALOG_TIMEOUT_SECONDS = 900;

/** `--dialog-timeout` as the log lines say it: "15 min", "3 s". */
export function formatWait(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
