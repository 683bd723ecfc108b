/**
 * How each launcher turns a command string into a program and its arguments, and how to write words so
 * that it yields them back. Prism and MultiMC replace `$INST_*` and then split with Qt's
 * `QProcess::splitCommand` (no shell on any OS); ATLauncher hands the string to `/bin/sh -c` on Linux and
 * macOS; the Modrinth App splits POSIX-style without a shell.
 */

/**
 * Qt's `QProcess::splitCommand`: whitespace separates words, double quotes group, three consecutive
 * double quotes are one literal quote, backslashes are literal.
 */
export function qtSplitCommand(command: string): string[] {
  const args: string[] = [];
  let tmp = "";
  let quoteCount = 0;
  let inQuote = false;
  for (const ch of command) {
    if (ch === '"') {
      if (++quoteCount === 3) {
        quoteCount = 0;
        tmp += ch;
      }
      continue;
    }
    if (quoteCount) {
      if (quoteCount === 1) inQuote = !inQuote;
      quoteCount = 0;
    }
    if (!inQuote && /\s/.test(ch)) {
      if (tmp) args.push(tmp);
      tmp = "";
    } else tmp += ch;
  }
  if (tmp) args.push(tmp);
  return args;
}

/** A word for Qt's splitter: bare when it needs nothing, else in double quotes with `"` as `"""`. */
export function qtQuote(word: string): string {
  if (word !== "" && !/[\s"]/.test(word)) return word;
  return `"${word.replaceAll('"', '"""')}"`;
}

/** A word for a POSIX shell: bare when safe, else in single quotes (`'` as `'\''`). */
export function shQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * POSIX-style splitting without a shell (Modrinth App, and a reading of `sh -c` strings good enough to
 * find the words of a simple command): single quotes literal, double quotes with `\` escaping `"`, `\`,
 * `$`, `` ` ``, backslash escapes outside quotes.
 */
export function posixSplit(command: string): string[] {
  const args: string[] = [];
  let cur = "";
  let has = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      cur += command.slice(i + 1, end === -1 ? undefined : end);
      i = end === -1 ? command.length : end;
      has = true;
    } else if (ch === '"') {
      has = true;
      for (i++; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === "\\" && /["\\$`]/.test(command[i + 1] ?? "")) i++;
        cur += command[i];
      }
    } else if (ch === "\\") {
      cur += command[++i] ?? "";
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) args.push(cur);
      [cur, has] = ["", false];
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) args.push(cur);
  return args;
}

/** Splits a `sh -c` string into its simple commands at `;`, `&&`, `||` and `|` outside quotes. */
export function shCommands(command: string): string[][] {
  const words = posixSplitKeepingOperators(command);
  const out: string[][] = [[]];
  for (const w of words) {
    if (w === null) out.push([]);
    else out[out.length - 1].push(w);
  }
  return out.filter((c) => c.length > 0);
}

/** posixSplit that returns null where an unquoted operator (`;`, `&&`, `||`, `|`, `&`) separates commands. */
function posixSplitKeepingOperators(command: string): (string | null)[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let cur = "";
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (quote) {
      if (ch === "\\" && quote === '"') cur += ch + (command[++i] ?? "");
      else cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === "\\") cur += ch + (command[++i] ?? "");
    else if (ch === ";" || ch === "&" || ch === "|") {
      parts.push(cur, "\0");
      cur = "";
      if (command[i + 1] === ch) i++;
    } else cur += ch;
  }
  parts.push(cur);
  return parts.flatMap((p) => p === "\0" ? [null] : posixSplit(p));
}
