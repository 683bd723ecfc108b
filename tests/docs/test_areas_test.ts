/** The areas of `deno task test:<area>` (scripts/testAreas.ts) against the tree and deno.json. */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { ROOT } from "../helpers/importGraph.ts";
import { TEST_AREAS, testFiles } from "../../scripts/testAreas.ts";

Deno.test("every test file under tests/ belongs to exactly one area of deno task test:<area>", async () => {
  const all = (await testFiles(join(ROOT, "tests"))).map((f) => relative(ROOT, f).replaceAll("\\", "/"));
  assert.ok(all.length > 50, `only ${all.length} test files found`);
  const areas = Object.entries(TEST_AREAS);
  const outside = all.filter((f) => !areas.some(([, dirs]) => dirs.some((d) => f.startsWith(d))));
  const twice = all.filter((f) => areas.filter(([, dirs]) => dirs.some((d) => f.startsWith(d))).length > 1);
  assert.deepEqual(outside, [], "test files in no area: add their folder to scripts/testAreas.ts");
  assert.deepEqual(twice, [], "test files in two areas");
});

Deno.test("deno.json has a test:<area> task for each area, running scripts/test-area.ts", async () => {
  const { tasks } = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))) as {
    tasks: Record<string, string>;
  };
  for (const area of Object.keys(TEST_AREAS)) {
    assert.equal(tasks[`test:${area}`], `deno run -A scripts/test-area.ts ${area}`, `task test:${area}`);
  }
  assert.equal(tasks.test, "bash scripts/test.sh", "deno task test stays the whole run");
});
