/**
 * The modules an up-to-date hook loads (issue 13, "a lean hook path"): main → the quick lane → runSync →
 * the headless front end → pull/push up to their "up to date" answer. Each step below is imported
 * dynamically by the one before it; what each one imports statically is what the hook pays for. Commander
 * (the full command surface), zod (validation receipts stand for unchanged files), the restic driver and
 * the in-process repository reader, React/Ink, prismarine-nbt, node:zlib and ulid must not be among them.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STEPS = [
  "cli/main.ts",
  "cli/lane.ts",
  "cli/commands/sync.ts",
  "cli/frontend.ts",
  "core/sync/pull.ts",
  "core/sync/push.ts",
];
const HEAVY = [
  /^npm:.*(commander|zod|react|ink|prismarine-nbt|ulid|@noble|fzstd)/,
  /^node:zlib$/,
  /\/core\/restic\/(driver|binary|download)\.ts$/,
  /\/core\/repo\//,
  /\/core\/sync\/(pullChanges|upload|restore|conflict)\.ts$/,
  /\/tui\//,
];

interface Info {
  roots: string[];
  modules: { specifier: string; dependencies?: { code?: { specifier?: string }; isDynamic?: boolean }[] }[];
}

async function staticClosure(entry: string): Promise<Set<string>> {
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

Deno.test("an up-to-date pull or push loads no commander, zod, restic driver, repository reader or UI", async () => {
  const loaded = new Set<string>();
  for (const step of STEPS) for (const m of await staticClosure(step)) loaded.add(m);
  const heavy = [...loaded].filter((m) => HEAVY.some((h) => h.test(m)));
  assert.deepEqual(heavy, [], "statically imported on the up-to-date hook path");
  // The walk saw the path itself (a typo in STEPS would make this test pass on nothing).
  for (const must of ["core/sync/manifest.ts", "core/config/receipts.ts", "core/sync/session.ts"]) {
    assert.ok([...loaded].some((m) => m.endsWith(must)), must);
  }
});
