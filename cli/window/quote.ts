/**
 * Quoting for the command line that runs in a terminal window, per platform shell. Pure functions:
 * the unit tests pin every form (tests/cli/window/quote_test.ts).
 */

/** One word for POSIX `sh`: single quotes, with `'` written as `'\''`. Safe words stay bare. */
export function shQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A whole command for `sh`, word by word. */
export function shJoin(words: string[]): string {
  return words.map(shQuote).join(" ");
}

/** A string literal for AppleScript (`do script "…"`): backslash and double quote escaped. */
export function appleScriptString(text: string): string {
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * One word for `cmd.exe`: always in double quotes, so spaces and `& | < > ^ ( )` are literal. Windows
 * paths cannot contain `"`; an argument that does is refused rather than mis-quoted. `%` is doubled
 * out of the way by closing the quote around it (`"%"` cannot expand a variable on its own).
 */
export function cmdQuote(word: string): string {
  if (word.includes('"')) {
    throw new Error(`Cannot pass ${JSON.stringify(word)} to cmd.exe: it contains a quote`);
  }
  return `"${word.replaceAll("%", '"%"')}"`;
}
