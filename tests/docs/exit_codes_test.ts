/**
 * The exit-code tables of the docs (a table whose header is `| code | meaning |`) say what the program
 * says: the codes of core/errors.ts, with the meanings `--help` prints (cli/exitCodes.ts).
 */
import assert from "node:assert/strict";
import { EXIT_CODE_HELP } from "../../cli/exitCodes.ts";
import { ExitCode } from "../../core/errors.ts";
import { docs, proseLines } from "./markdown.ts";

/** `--help`'s table: code → meaning. */
function helpTable(): Map<number, string> {
  const rows = EXIT_CODE_HELP.split("\n").map((l) => /^\s+(\d+)\s+(.+)$/.exec(l)).filter((m) => m !== null);
  return new Map(rows.map((m) => [Number(m[1]), m[2].trim()]));
}

/** Each exit-code table of a doc: its first line, and code → meaning with Markdown's code marks removed. */
function docTables(text: string): { line: number; rows: Map<number, string> }[] {
  const out: { line: number; rows: Map<number, string> }[] = [];
  let current: { line: number; rows: Map<number, string> } | null = null;
  for (const { line, text: l } of proseLines(text)) {
    if (/^\|\s*code\s*\|\s*meaning\s*\|\s*$/i.test(l.trim())) {
      current = { line, rows: new Map() };
      out.push(current);
      continue;
    }
    if (!current) continue;
    if (!l.trim().startsWith("|")) {
      current = null;
      continue;
    }
    const cells = l.split("|").slice(1, -1).map((c) => c.trim());
    if (/^\d+$/.test(cells[0])) {
      current.rows.set(Number(cells[0]), cells[1].replaceAll("`", "").replaceAll("\\|", "|"));
    }
  }
  return out;
}

/** The help's meaning without its parenthetical advice: what a table must say at least. */
const essence = (meaning: string) =>
  meaning.replaceAll("`", "").replace(/\s*\((?:resolve it|run|see)[^)]*\)$/, "");
/** The words of a meaning, for a comparison that punctuation does not decide. */
const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter(Boolean).join(" ");

Deno.test("--help's exit codes are core/errors.ts's ExitCode values", () => {
  assert.deepEqual(
    [...helpTable().keys()].sort((a, b) => a - b),
    Object.values(ExitCode).sort((a, b) => a - b),
  );
});

Deno.test("every exit-code table in the docs matches the program's codes and meanings", async () => {
  const help = helpTable();
  const all = await docs();
  const readme = all.find((d) => d.path === "README.md")!;
  assert.ok(docTables(readme.text).length >= 1, "README.md has an exit-code table (| code | meaning |)");
  const problems: string[] = [];
  for (const doc of all) {
    for (const table of docTables(doc.text)) {
      const where = `${doc.path}:${table.line}`;
      const codes = [...table.rows.keys()];
      if (codes.join() !== [...help.keys()].join()) {
        problems.push(
          `${where}: codes ${codes.join(", ")}; the program's are ${[...help.keys()].join(", ")}`,
        );
      }
      for (const [code, meaning] of table.rows) {
        const want = help.get(code);
        if (want !== undefined && !words(meaning).startsWith(words(essence(want)))) {
          problems.push(`${where}: ${code} says "${meaning}"; --help says "${want}"`);
        }
      }
    }
  }
  assert.deepEqual(problems, [], problems.join("\n"));
});

Deno.test("the exit-code check notices a changed meaning and a missing code", () => {
  const tables = docTables("| code | meaning |\n| --- | --- |\n| 0 | fine |\n| 3 | conflict |\n\ntext");
  assert.deepEqual([...tables[0].rows], [[0, "fine"], [3, "conflict"]]);
  assert.ok(!words("fine").startsWith(words(essence(helpTable().get(0)!))));
  assert.ok(words("success or nothing to do (also)").startsWith(words("success, or nothing to do")));
  assert.equal(essence(helpTable().get(3)!), "conflict: the launch should not proceed");
});
