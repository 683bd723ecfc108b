/** Printable text for the command line: the helper lives in core/printable.ts (tui/ uses it too). */
export * from "../../core/printable.ts";
