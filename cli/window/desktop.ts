/**
 * Whether a window can reach the player: a desktop session on this machine. Returns null when there is
 * one, else why not (the hook prints it as the one line that says why no window opened).
 */
export function whyNoDesktop(
  os: typeof Deno.build.os,
  env: Record<string, string | undefined>,
): string | null {
  if (os === "darwin" || os === "windows") {
    // An SSH login has no desktop to draw on even when the user is also logged in at the screen.
    if (env.SSH_CONNECTION || env.SSH_TTY) return "this is an SSH session, not the desktop";
    // A service or scheduled task runs without an interactive session name.
    if (os === "windows" && !env.SESSIONNAME) {
      return "no interactive Windows session (SESSIONNAME is not set)";
    }
    return null;
  }
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return "no desktop session ($DISPLAY and $WAYLAND_DISPLAY are not set)";
}
