/** The default `--dialog-timeout` (15 minutes): long enough to notice the window, short enough not to hang a launcher. */
export const DEFAULT_DIALOG_TIMEOUT_SECONDS = 900;
