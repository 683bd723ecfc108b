/**
 * The modules an up-to-date hook loads (docs/performance.md#decisions, "a lean hook path"): main → the quick lane → runSync →
 * the headless front end → pull/push up to their "up to date" answer. Each step below is imported
 * dynamically by the one before it; what each one imports statically is what the hook pays for. Commander
 * (the full command surface), zod (validation receipts stand for unchanged files), the restic driver and
 * the in-process repository reader, React/Ink, prismarine-nbt, node:zlib and ulid must not be among them.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MAIN, runCliProcess, testUserDirs } from "../helpers/cli.ts";
import { ROOT, staticClosure } from "../helpers/moduleGraph.ts";
import { testResticPath } from "../helpers/tools.ts";

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

/**
 * An import map that sends every npm package of deno.json to a module of its own that writes the package's
 * name to `log` and throws. What is imported only on some paths (a dynamic import) shows up here when a
 * real run takes that path, which the static walk above cannot see.
 */
async function poisonedImportMap(dir: string, log: string): Promise<string> {
  const { imports } = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))) as {
    imports: Record<string, string>;
  };
  const poisoned: Record<string, string> = {};
  const poison = async (name: string, file: string) => {
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(
      file,
      `Deno.writeTextFileSync(${JSON.stringify(log)}, ${JSON.stringify(name + "\n")}, { append: true });\n` +
        `throw new Error(${JSON.stringify(`${name} was loaded`)});\n`,
    );
  };
  const subpaths = await importedSubpaths();
  for (const [i, name] of Object.keys(imports).entries()) {
    const file = join(dir, `poison-${i}.ts`);
    await poison(name, file);
    poisoned[name] = pathToFileURL(file).href;
    // A subpath import (`@noble/ciphers/_poly1305.js`) goes through a prefix entry to a poisoned file too.
    const under = join(dir, `poison-${i}`);
    for (const sub of subpaths.filter((p) => p.startsWith(`${name}/`))) {
      await poison(sub, join(under, sub.slice(name.length + 1)));
    }
    poisoned[`${name}/`] = pathToFileURL(under).href + "/";
  }
  const map = join(dir, "import-map.json");
  await Deno.writeTextFile(map, JSON.stringify({ imports: poisoned }));
  return map;
}

/** Every `package/subpath` our code imports (statically or dynamically). */
async function importedSubpaths(): Promise<string[]> {
  const found = new Set<string>();
  for (const top of ["core", "cli", "tui"]) {
    for await (const e of walkTs(join(ROOT, top))) {
      const text = await Deno.readTextFile(e);
      for (const m of text.matchAll(/(?:from |import\()"((?:@[\w.-]+\/)?[\w.-]+\/[^"]+)"/g)) {
        if (!m[1].startsWith(".")) found.add(m[1]);
      }
    }
  }
  return [...found];
}

async function* walkTs(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) yield* walkTs(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

/**
 * What the up-to-date pull loads, only after its decision: the sealing of its presence record
 * (docs/presence.md) needs Poly1305 (the cached master key is read without zod).
 */
const PRESENCE_WRITER = ["@noble/ciphers/_poly1305.js"];

Deno.test("an up-to-date pull loads only Poly1305 for its presence record, an unchanged push no npm package at all", async () => {
  const root = await Deno.makeTempDir({ prefix: "is-lean-" });
  const pack = join(root, ".minecraft");
  await Deno.mkdir(join(pack, "saves/World"), { recursive: true });
  await Deno.writeTextFile(join(pack, "saves/World/level.dat"), "v1");
  const env = {
    INSTANCE_SYNC_HOST: "pc-lean",
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    RESTIC_CACHE_DIR: join(root, "cache"),
  };
  const init = await runCliProcess(["init", `--url=${join(root, "repos")}`], { env, input: "me:pw\n" });
  assert.equal(init.code, 0, init.stderr);
  // Settle: the first hooks after setup record their validation receipts.
  for (const hook of ["push", "pull"]) {
    const r = await runCliProcess([hook], { env });
    assert.equal(r.code, 0, r.stderr);
  }

  const log = join(root, "loaded.txt");
  const map = await poisonedImportMap(root, log);
  for (const [hook, answer] of [["pull", /up to date/], ["push", /nothing to upload|up to date/]] as const) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", `--config=${ROOT}deno.json`, `--import-map=${map}`, MAIN, hook],
      cwd: root,
      env: { NO_COLOR: "1", INSTANCE_SYNC_DEBUG: "1", ...testUserDirs("pc-lean"), ...env },
      stdin: "null",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    const loaded = await Deno.readTextFile(log).catch(() => "");
    await Deno.remove(log).catch(() => {});
    if (hook === "pull") {
      // A poisoned module throws as it loads, or fails to link when it is imported by name, so the
      // record's write stops at the first one it reaches, with a debug line that names it.
      const names = loaded.split("\n").filter(Boolean);
      for (const m of stderr.matchAll(/The requested module '([^']+)'/g)) names.push(m[1]);
      assert.ok(names.length > 0, `the pull sealed its record without loading the cipher:\n${stderr}`);
      for (const n of names) assert.ok(PRESENCE_WRITER.includes(n), `pull loaded ${n}:\n${stderr}`);
    } else {
      assert.equal(loaded, "", `${hook} loaded npm packages:\n${loaded}${stderr}`);
    }
    assert.equal(out.code, 0, stderr);
    assert.match(stderr, answer);
  }
  // Nothing was left behind by a swallowed import failure (the lock's release once went through zod).
  await assert.rejects(Deno.stat(join(pack, ".cloud-sync/lock")), Deno.errors.NotFound);
});
