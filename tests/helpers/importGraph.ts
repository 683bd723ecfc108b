/**
 * The import graph of the program's own modules (cli/, core/, tui/) as `deno info --json` resolves it:
 * static imports, statically analyzable dynamic imports and type-only imports all count as edges, since
 * each of them ties the two modules together for a reader and for `deno check`. One `deno info` run on
 * a generated entry that imports every module finds the modules no entry point reaches too.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const LAYERS = ["cli", "core", "tui"] as const;

/** Module (path relative to the root, forward slashes) → the modules of the program it imports. */
export type ImportGraph = Map<string, Set<string>>;

interface DenoInfo {
  modules: {
    specifier: string;
    dependencies?: { code?: { specifier?: string }; type?: { specifier?: string } }[];
  }[];
}

async function sourceFiles(dir: string, out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) await sourceFiles(path, out);
    else if (e.isFile && /\.tsx?$/.test(e.name)) out.push(path);
  }
  return out;
}

/** The path of `specifier` relative to the root when it is a module of cli/, core/ or tui/; else null. */
function ownModule(specifier: string): string | null {
  if (!specifier.startsWith("file:")) return null;
  const rel = relative(ROOT, fileURLToPath(specifier)).replaceAll("\\", "/");
  return LAYERS.some((layer) => rel.startsWith(`${layer}/`)) ? rel : null;
}

/** Builds the graph of every .ts/.tsx file under cli/, core/ and tui/. */
export async function importGraph(): Promise<ImportGraph> {
  const files: string[] = [];
  for (const layer of LAYERS) await sourceFiles(join(ROOT, layer), files);
  const dir = await Deno.makeTempDir({ prefix: "is-import-graph-" });
  try {
    const entry = join(dir, "all.ts");
    const lines = files.sort().map((f) => `import ${JSON.stringify(pathToFileURL(f).href)};`);
    await Deno.writeTextFile(entry, lines.join("\n") + "\n");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", `--config=${join(ROOT, "deno.json")}`, entry],
      cwd: ROOT,
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const info: DenoInfo = JSON.parse(new TextDecoder().decode(out.stdout));
    const graph: ImportGraph = new Map();
    for (const m of info.modules) {
      const from = ownModule(m.specifier);
      if (!from) continue;
      const edges = graph.get(from) ?? new Set<string>();
      graph.set(from, edges);
      for (const d of m.dependencies ?? []) {
        for (const target of [d.code?.specifier, d.type?.specifier]) {
          const to = target ? ownModule(target) : null;
          if (to) edges.add(to);
        }
      }
    }
    const missing = files.map((f) => relative(ROOT, f).replaceAll("\\", "/")).filter((f) => !graph.has(f));
    assert.deepEqual(missing, [], "modules deno info did not report");
    return graph;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Every import circle of `graph`, one per strongly connected component with more than one module (or a
 * module importing itself), written as a path that closes on its first module: `a.ts → b.ts → a.ts`.
 */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: [string, string[]][] = [];
    const enter = (v: string) => {
      index.set(v, next), low.set(v, next++), stack.push(v), onStack.add(v);
      work.push([v, [...(graph.get(v) ?? [])].sort()]);
    };
    enter(start);
    while (work.length) {
      const [v, todo] = work[work.length - 1];
      const w = todo.shift();
      if (w !== undefined) {
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        for (let w = stack.pop()!;; w = stack.pop()!) {
          onStack.delete(w), component.push(w);
          if (w === v) break;
        }
        if (component.length > 1 || graph.get(v)?.has(v)) components.push(component);
      }
    }
  }
  return components.map((c) => circleThrough(graph, new Set(c)));
}

/** One circle inside a strongly connected component: the shortest way back to its first module. */
function circleThrough(graph: ImportGraph, component: Set<string>): string[] {
  const first = [...component].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [first];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!component.has(w)) continue;
      if (w === first) {
        const path = [first];
        for (let u = v; u !== first; u = cameFrom.get(u)!) path.splice(1, 0, u);
        return [...path, first];
      }
      if (!cameFrom.has(w)) cameFrom.set(w, v), queue.push(w);
    }
  }
  return [first, first];
}
