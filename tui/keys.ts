import type { Key } from "ink";

/**
 * Escape or Ctrl+C. Ink runs with `exitOnCtrlC: false` here, so every prompt turns Ctrl+C into its
 * safe answer instead of Ink unmounting the app under a pending question.
 */
export function isCancelKey(input: string, key: Key): boolean {
  return key.escape || (key.ctrl && input === "c");
}

/** Which cancel key was pressed: Escape often means "back", Ctrl+C always means "stop". */
export type CancelKey = "escape" | "interrupt";

/** `isCancelKey` that says which one. */
export function cancelKind(input: string, key: Key): CancelKey | null {
  if (key.ctrl && input === "c") return "interrupt";
  return key.escape ? "escape" : null;
}
