import type { LauncherKind } from "../launchers/types.ts";

/**
 * The words of a hook command that start the program, i.e. those before its `pull`/`push`: what
 * `--version` is asked of. Null when the command has no such word (not an instance-sync hook).
 * ATLauncher runs commands through `/bin/sh -c` (POSIX quoting); Prism and MultiMC split with Qt's
 * rules (double quotes group, `"""` is a literal quote, backslashes are literal).
 */
export function hookProgram(command: string, launcher: LauncherKind | null): string[] | null {
  const words = launcher === "atlauncher" ? shellWords(command) : qtWords(command);
  const at = words.findIndex((w) => w === "pull" || w === "push");
  return at > 0 ? words.slice(0, at) : null;
}

/** QProcess::splitCommand: whitespace separates, double quotes group, three quotes make one. */
export function qtWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quoted = false;
  let quotes = 0;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === '"') {
      quotes++;
      if (quotes === 3) {
        quotes = 0;
        word += '"';
      }
      continue;
    }
    if (quotes) {
      if (quotes === 1) quoted = !quoted;
      quotes = 0;
    }
    if (!quoted && /\s/.test(c)) {
      if (word) words.push(word);
      word = "";
    } else word += c;
  }
  if (quotes === 1) quoted = !quoted;
  if (word) words.push(word);
  return words;
}

/** POSIX shell words, for the literal part of a command (no expansion). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? "") + command.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? command.length : end;
    } else if (c === '"') {
      word ??= "";
      for (i++; i < command.length && command[i] !== '"'; i++) {
        if (command[i] === "\\" && /["\\$`]/.test(command[i + 1] ?? "")) i++;
        word += command[i];
      }
    } else if (c === "\\") {
      word = (word ?? "") + (command[++i] ?? "");
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? "") + c;
  }
  if (word !== null) words.push(word);
  return words;
}
