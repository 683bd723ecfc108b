/**
 * Just enough Markdown for the drift checks: the docs they read, their code (spans and fenced blocks,
 * where commands and flags are named), their headings as GitHub anchors, and their links.
 */
import { join } from "node:path";
import { ROOT } from "../helpers/importGraph.ts";

export { ROOT };

/** A Markdown file the checks read: its path relative to the root, and its text. */
export interface Doc {
  path: string;
  text: string;
}

/** README.md, CHANGELOG.md, bench/README.md and every docs/*.md, as they are now. */
export async function docs(): Promise<Doc[]> {
  const paths = ["README.md", "CHANGELOG.md", "bench/README.md"];
  try {
    for await (const e of Deno.readDir(join(ROOT, "docs"))) {
      if (e.isFile && e.name.endsWith(".md")) paths.push(`docs/${e.name}`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const out: Doc[] = [];
  for (const path of paths.sort()) {
    const text = await Deno.readTextFile(join(ROOT, path)).catch(() => null);
    if (text !== null) out.push({ path, text });
  }
  return out;
}

/** A piece of code in a doc, with the line it starts on. */
export interface Code {
  line: number;
  text: string;
  /** A line of a fenced block (lines ending in `\` joined to the next), not an inline span. */
  block: boolean;
}

/** The lines of `text` outside fenced code blocks, each with its number (1-based). */
export function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fenced = false;
  text.split("\n").forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) fenced = !fenced;
    else if (!fenced) out.push({ line: i + 1, text: l });
  });
  return out;
}

/** Every inline code span and every (joined) line of a fenced block. */
export function codeOf(text: string): Code[] {
  const out: Code[] = [];
  const lines = text.split("\n");
  let fenced = false;
  let pending: Code | null = null;
  lines.forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) {
      fenced = !fenced;
      return;
    }
    if (fenced) {
      const joined: Code = pending ? { ...pending, text: `${pending.text} ${l.trim()}` } : {
        line: i + 1,
        text: l,
        block: true,
      };
      if (/\\\s*$/.test(l)) pending = { ...joined, text: joined.text.replace(/\\\s*$/, "") };
      else pending = null, out.push(joined);
      return;
    }
    // Inline spans: `a` or ``a `b` c``; a table's `\|` stands for a `|` inside the span.
    for (const m of l.matchAll(/(`+)(.+?)\1(?!`)/g)) {
      out.push({ line: i + 1, text: m[2].trim().replaceAll("\\|", "|"), block: false });
    }
  });
  return out;
}

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link's text stays, its target goes
    .replace(/<[^>]+>/g, "") // inline HTML
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** The anchors a doc's headings make, numbered `-1`, `-2` … when a heading repeats (as GitHub does). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text: l } of proseLines(text)) {
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(l);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1]);
  return out;
}

/** The links of a doc's prose (inline `[text](target)` and reference definitions), with their lines. */
export function links(text: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  for (const { line, text: l } of proseLines(text)) {
    const prose = l.replace(/(`+)(.+?)\1(?!`)/g, "");
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ line, target: m[1] });
    }
    const def = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose);
    if (def) out.push({ line, target: def[1] });
  }
  return out;
}
