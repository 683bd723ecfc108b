/** What a module imports statically, all the way down, as `deno info --json` reports it. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Info {
  roots: string[];
  modules: { specifier: string; dependencies?: { code?: { specifier?: string }; isDynamic?: boolean }[] }[];
}

/** Every module `entry` (relative to the repository root) loads before its first dynamic import. */
export async function staticClosure(entry: string): Promise<Set<string>> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json", entry], cwd: ROOT })
    .output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const info: Info = JSON.parse(new TextDecoder().decode(out.stdout));
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const todo = [...info.roots];
  for (let s = todo.pop(); s !== undefined; s = todo.pop()) {
    if (seen.has(s)) continue;
    seen.add(s);
    for (const d of bySpecifier.get(s)?.dependencies ?? []) {
      if (d.code?.specifier && !d.isDynamic) todo.push(d.code.specifier);
    }
  }
  return seen;
}
