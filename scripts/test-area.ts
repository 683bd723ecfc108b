/**
 * `deno task test:<area>`: the tests of one area (scripts/testAreas.ts) the way `deno task test` runs
 * them — the files that start the CLI through scripts/cli-suites.ts (so `$INSTANCE_SYNC_CLI` still
 * picks the program), the others with `deno test --parallel` — without the format, lint and type
 * checks of the whole run. Further arguments go to `deno test`.
 *
 *   deno run -A scripts/test-area.ts core
 *   deno run -A scripts/test-area.ts e2e --filter conflict
 *
 * Exit 0 when every test of the area passed; 1 otherwise; 2 for an unknown area.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cliSuites } from "./cliSuitesLib.ts";
import { TEST_AREAS, type TestArea, testFiles } from "./testAreas.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const [area, ...testArgs] = Deno.args;
if (!Object.hasOwn(TEST_AREAS, area ?? "")) {
  console.error(`test-area: unknown area "${area ?? ""}" (one of ${Object.keys(TEST_AREAS).join(", ")})`);
  Deno.exit(2);
}
const dirs: readonly string[] = TEST_AREAS[area as TestArea];

// The same tools as scripts/test.sh: the pinned restic and rest-server, fetched when missing.
const tool = (name: string) => join(ROOT, ".cache/restic/usr/bin", name);
const env: Record<string, string> = {
  INSTANCE_SYNC_TEST_RESTIC: Deno.env.get("INSTANCE_SYNC_TEST_RESTIC") || tool("restic"),
  INSTANCE_SYNC_TEST_REST_SERVER: Deno.env.get("INSTANCE_SYNC_TEST_REST_SERVER") ||
    tool("restic-rest-server"),
  PATH: `${join(ROOT, ".tools/node_modules/.bin")}:${Deno.env.get("PATH") ?? ""}`,
};
const present = (p: string) => Deno.stat(p).then((s) => s.isFile, () => false);
if (!(await present(env.INSTANCE_SYNC_TEST_RESTIC)) || !(await present(env.INSTANCE_SYNC_TEST_REST_SERVER))) {
  console.error("== restic or rest-server missing: bash scripts/install-tools.sh --test-tools-only");
  await run("bash", ["scripts/install-tools.sh", "--test-tools-only"]);
}
// Conflicts must stay headless even on a desktop (scripts/test.sh says why).
Deno.env.delete("DISPLAY");
Deno.env.delete("WAYLAND_DISPLAY");

async function run(cmd: string, args: string[]): Promise<boolean> {
  const child = new Deno.Command(cmd, { args, cwd: ROOT, env, stdin: "null" }).spawn();
  return (await child.status).success;
}

const relative = (f: string) => f.slice(ROOT.length).replaceAll("\\", "/");
const suites = new Set((await cliSuites(join(ROOT, "tests"))).map(relative));
const files: string[] = [];
for (const dir of dirs) {
  if (await Deno.stat(join(ROOT, dir)).then(() => true, () => false)) {
    files.push(...(await testFiles(join(ROOT, dir))).map(relative));
  }
}
const plain = files.filter((f) => !suites.has(f));
const cli = files.filter((f) => suites.has(f));
console.error(`== test:${area}: ${plain.length} test files, ${cli.length} suites that start the CLI`);

let ok = true;
if (plain.length) ok = await run(Deno.execPath(), ["test", "-A", "--parallel", ...testArgs, ...plain]) && ok;
if (cli.length) {
  const only = cli.map((f) => `--only=${f}`);
  ok = await run(Deno.execPath(), ["run", "-A", "scripts/cli-suites.ts", ...only, "--", ...testArgs]) && ok;
}
if (!plain.length && !cli.length) {
  console.error(`test-area: no test file under ${dirs.join(", ")}`), ok = false;
}
Deno.exit(ok ? 0 : 1);
