/**
 * What `deno compile` needs from the code, checked here where we cannot compile: it embeds only the
 * modules it can see statically, so every `import()` in cli/, core/ and tui/ takes a string literal;
 * and the binary has no source folder, so no code finds files relative to `import.meta.url` (or its
 * `dirname`/`filename`/`resolve` relatives) at run time. `import.meta.main` is fine.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Blanks out comments (keeping line breaks), so documentation that mentions `import()` is not code. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");
}

/** `file:line: problem` for every compile hazard in one source text. */
export function compileHazards(file: string, text: string): string[] {
  const out: string[] = [];
  const code = withoutComments(text);
  const lineOf = (index: number) => code.slice(0, index).split("\n").length;
  for (const m of code.matchAll(/\bimport\s*\(/g)) {
    const rest = code.slice(m.index! + m[0].length);
    if (!/^\s*("[^"\n]*"|'[^'\n]*'|`[^`$\n]*`)\s*[,)]/.test(rest)) {
      out.push(`${file}:${lineOf(m.index!)}: import() of something other than a string literal`);
    }
  }
  for (const m of code.matchAll(/\bimport\.meta\.(url|dirname|filename|resolve)\b/g)) {
    out.push(`${file}:${lineOf(m.index!)}: import.meta.${m[1]} (no source folder beside a compiled binary)`);
  }
  return out;
}

async function sources(dir: string, out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) await sources(path, out);
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(path);
  }
  return out;
}

Deno.test("every import() in cli/, core/ and tui/ takes a string literal, and nothing reads beside the source", async () => {
  const problems: string[] = [];
  let files = 0;
  let dynamic = 0;
  for (const dir of ["cli", "core", "tui"]) {
    for (const path of await sources(join(ROOT, dir))) {
      const text = await Deno.readTextFile(path);
      files++;
      dynamic += [...withoutComments(text).matchAll(/\bimport\s*\(/g)].length;
      problems.push(...compileHazards(relative(ROOT, path).replaceAll("\\", "/"), text));
    }
  }
  assert.ok(files > 50 && dynamic > 10, `scanned ${files} files with ${dynamic} dynamic imports`);
  assert.deepEqual(problems, []);
});

Deno.test("the compile-safety scan catches computed imports and reads relative to import.meta.url", () => {
  const bad = [
    "const m = await import(name);",
    "const m = await import(`./commands/${name}.ts`);",
    'const m = await import("./a" + ".ts");',
    'const text = Deno.readTextFileSync(new URL("./help.txt", import.meta.url));',
    "const dir = import.meta.dirname;",
    'const p = import.meta.resolve("./x.json");',
  ];
  for (const line of bad) assert.equal(compileHazards("x.ts", line).length, 1, line);
  const good = [
    'const { pull } = await import("../../core/sync/pull.ts");',
    "const m = await import('fflate');",
    'type T = typeof import("prismarine-nbt");',
    "if (import.meta.main) run();",
    "// a comment may say import(name) and import.meta.url",
    "/* or import(`${x}`) in a block */",
    'const url = "https://example.org/x"; // and then import(name)',
  ];
  for (const line of good) assert.deepEqual(compileHazards("x.ts", line), [], line);
});
