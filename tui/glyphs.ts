/**
 * The symbols the terminal UI draws, and their ASCII stand-ins. A default `xterm` font has no arrows
 * (`↑/↓` shows as `/`), and a locale that is not UTF-8 cannot carry them at all: there the screens use
 * words and ASCII marks instead. Module state, set once by whoever creates the UI.
 */
export interface Glyphs {
  up: string;
  down: string;
  /** In key help: "↑/↓ choose". */
  upDown: string;
  leftRight: string;
  pointer: string;
  warn: string;
  ok: string;
  ellipsis: string;
}

const UNICODE: Glyphs = {
  up: "↑",
  down: "↓",
  upDown: "↑/↓",
  leftRight: "←/→",
  pointer: "❯",
  warn: "⚠",
  ok: "✔",
  ellipsis: "…",
};
const ASCII: Glyphs = {
  up: "^",
  down: "v",
  upDown: "up/down",
  leftRight: "left/right",
  pointer: ">",
  warn: "!",
  ok: "*",
  ellipsis: "...",
};

let current = UNICODE;

/** The symbols in use. */
export function glyphs(): Glyphs {
  return current;
}

/** `text` with "…" drawn as the current ellipsis (labels are written once, with the Unicode one). */
export function withEllipsis(text: string): string {
  return text.replaceAll("…", current.ellipsis);
}

/** Draw with ASCII only (true) or with the Unicode symbols (false). */
export function setAsciiGlyphs(ascii: boolean): void {
  current = ascii ? ASCII : UNICODE;
}

/**
 * Whether the locale says UTF-8: the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set decides (POSIX
 * precedence). Nothing set, or Windows, counts as UTF-8: terminals there draw it.
 */
export function localeIsUtf8(env: Record<string, string | undefined>, os: typeof Deno.build.os): boolean {
  if (os === "windows") return true;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (!locale) return true;
  return /utf-?8/i.test(locale);
}
