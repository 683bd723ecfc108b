/**
 * docs/performance.md's table is the output of `deno task bench --markdown`, pasted between its markers:
 * the same rows and targets as the bench defines (bench/lines.ts), the header it prints, and a caption
 * naming the machine and the date. The figures themselves come from a real run and are not checked.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { BENCH_LINES, RSS_ROW, RSS_TARGET_MIB } from "../../bench/lines.ts";
import { markdownTable, TABLE_END, TABLE_HEADER, TABLE_START } from "../../bench/markdown.ts";
import { newPair } from "../../bench/report.ts";
import { ROOT } from "./markdown.ts";

/** What is wrong with the marked block in `text`; empty when it has the bench's shape. */
function shapeProblems(text: string): string[] {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) return [`no block between "${TABLE_START}" and "${TABLE_END}"`];
  const lines = text.slice(start + TABLE_START.length, end).trim().split("\n");
  const problems: string[] = [];
  // The caption is the text before the table, however deno fmt wrapped it.
  const caption = lines.slice(0, Math.max(0, lines.findIndex((l) => l.startsWith("|")))).join(" ")
    .replace(/\s+/g, " ").trim();
  if (!/^Measured on .+, \d+ cores, \S+ .*, \d{4}-\d\d-\d\d; /.test(caption)) {
    problems.push(`the caption does not name the machine (CPU, cores, OS) and the date: "${caption}"`);
  }
  // Cells, trimmed: `deno fmt` pads the table and wraps the caption, and the check must not mind.
  const cells = (row: string) => row.split("|").slice(1, -1).map((c) => c.trim());
  const table = lines.filter((l) => l.startsWith("|"));
  if (JSON.stringify(cells(table[0] ?? "")) !== JSON.stringify(cells(TABLE_HEADER))) {
    problems.push(`header "${table[0]}", the bench prints "${TABLE_HEADER}"`);
  }
  const rows = table.slice(2).map(cells);
  const want = [
    ...Object.values(BENCH_LINES).map((l) => [l.name, `≤ ${l.target}x`]),
    [RSS_ROW, `≤ ${RSS_TARGET_MIB} MiB`],
  ];
  const got = rows.map((r) => [r[0], r[4]?.replace(/\s+(OK|MISS)$/, "")]);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push(
      `rows and targets differ from bench/lines.ts:\n    doc:   ${JSON.stringify(got)}\n    bench: ${
        JSON.stringify(want)
      }`,
    );
  }
  if (rows.some((r) => r.length !== TABLE_HEADER.split("|").length - 2)) {
    problems.push("a row has the wrong cells");
  }
  return problems;
}

Deno.test("docs/performance.md holds the table deno task bench --markdown prints, rows as the bench defines", async () => {
  const text = await Deno.readTextFile(join(ROOT, "docs/performance.md"));
  assert.deepEqual(shapeProblems(text), []);
});

Deno.test("bench --markdown's table passes the shape check, and a missing or retargeted line fails it", () => {
  const pairs = Object.values(BENCH_LINES).map((l) => {
    const p = newPair(l.name, l.baseline, l.target);
    const run = {
      ms: 100,
      code: 0,
      stdout: "",
      stderr: "",
      peakRssKiB: 40_000,
      startEpochMs: 0,
      endEpochMs: 100,
    };
    p.ours.push({ ...run, calls: [] });
    p.base.push({ ...run, ms: 1000 });
    return p;
  });
  const ctx = { date: new Date("2026-12-07T10:00:00Z"), runs: 1, instance: "3 worlds", tools: "deno 2" };
  const block = markdownTable(pairs, ctx, "Some CPU, 2 cores, linux 6.1");
  assert.deepEqual(shapeProblems(block), []);
  assert.match(
    block,
    /\| 1\. gate: not-opted-in pull vs empty deno run \| 0\.10s \| deno run \(empty\) 1\.00s \| 0\.10x \| ≤ 1\.2x OK \|/,
  );
  assert.equal(shapeProblems(block.replace(/\n\| 8\. history[^\n]*/, "")).length, 1);
  assert.equal(shapeProblems(block.replace("≤ 0.12x", "≤ 0.2x")).length, 1);
  assert.equal(shapeProblems(block.replace("2026-12-07", "today")).length, 1);
});

Deno.test("the shape check passes the table after deno fmt padded it and wrapped its caption", async () => {
  const text = await Deno.readTextFile(join(ROOT, "docs/performance.md"));
  const block = text.slice(text.indexOf(TABLE_START), text.indexOf(TABLE_END) + TABLE_END.length);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "--line-width=60", "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(block));
  await writer.close();
  const formatted = new TextDecoder().decode((await child.output()).stdout);
  assert.notEqual(formatted.trim(), block.trim(), "deno fmt changed nothing: the test proves nothing");
  assert.deepEqual(shapeProblems(formatted), []);
});
