/**
 * The layers of docs/architecture.md, checked on the import graph of cli/, core/ and tui/ (static,
 * dynamic and type-only imports): no module reaches itself again through its imports, `core/` knows
 * nothing of its front ends, and the terminal UI does not reach into the command line.
 */
import assert from "node:assert/strict";
import { importCircles, type ImportGraph, importGraph } from "../helpers/importGraph.ts";

const graph = await importGraph();

/** The imports `from` one layer into another, as "a.ts → b.ts" lines. */
function crossings(graph: ImportGraph, from: string, into: string): string[] {
  const out: string[] = [];
  for (const [module, imports] of graph) {
    if (!module.startsWith(`${from}/`)) continue;
    for (const target of imports) if (target.startsWith(`${into}/`)) out.push(`${module} → ${target}`);
  }
  return out.sort();
}

Deno.test("no module of cli/, core/ or tui/ imports itself back through a circle", () => {
  const circles = importCircles(graph).map((c) => c.join(" → "));
  assert.deepEqual(circles, [], `import circles:\n  ${circles.join("\n  ")}`);
});

Deno.test("importCircles() names a two-file circle, a longer one and a self-import, and passes a tree", () => {
  const g = (edges: Record<string, string[]>): ImportGraph =>
    new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
  assert.deepEqual(importCircles(g({ "a.ts": ["b.ts"], "b.ts": ["a.ts"] })), [["a.ts", "b.ts", "a.ts"]]);
  assert.deepEqual(
    importCircles(g({ "a.ts": ["b.ts", "d.ts"], "b.ts": ["c.ts"], "c.ts": ["a.ts"], "d.ts": [] })),
    [["a.ts", "b.ts", "c.ts", "a.ts"]],
  );
  assert.deepEqual(importCircles(g({ "a.ts": ["a.ts"] })), [["a.ts", "a.ts"]]);
  assert.deepEqual(importCircles(g({ "a.ts": ["b.ts", "c.ts"], "b.ts": ["c.ts"], "c.ts": [] })), []);
});

Deno.test("the graph holds the known edges of every kind: static, dynamic and type-only", () => {
  const has = (from: string, to: string) => assert.ok(graph.get(from)?.has(to), `${from} → ${to}`);
  has("cli/lane.ts", "cli/processContext.ts"); // static
  has("cli/gate.ts", "cli/lane.ts"); // dynamic
  has("cli/lane.ts", "cli/context.ts"); // type-only
  has("cli/commands/browse.ts", "tui/browse.ts"); // dynamic, across layers
});

Deno.test("nothing in core/ imports cli/ or tui/", () => {
  assert.deepEqual([...crossings(graph, "core", "cli"), ...crossings(graph, "core", "tui")], []);
});

Deno.test("nothing in tui/ imports cli/", () => {
  assert.deepEqual(crossings(graph, "tui", "cli"), []);
});
