/**
 * state.json's manifest check (written by hand for speed) refuses every path that could leave the pack
 * folder and every malformed entry, and accepts names that only look like "..".
 */
import assert from "node:assert/strict";
import { ManifestSchema } from "../../../core/sync/stateSchema.ts";

Deno.test("manifest check refuses absolute paths, '..' parts with either separator, and bad entries", () => {
  const bad: [string, unknown][] = [
    ["array", []],
    ["empty path", { "": [1, 2] }],
    ["absolute", { "/etc/passwd": [1, 2] }],
    ["backslash absolute", { "\\x": [1, 2] }],
    ["drive", { "C:x": [1, 2] }],
    ["leading ..", { "../x": [1, 2] }],
    ["middle ..", { "saves/../x": [1, 2] }],
    ["trailing ..", { "saves/..": [1, 2] }],
    ["backslash ..", { "saves\\..\\x": [1, 2] }],
    ["just ..", { "..": [1, 2] }],
    ["not a pair", { "a": [1] }],
    ["size a string", { "a": ["1", 2] }],
    ["mtime null", { "a": [1, null] }],
  ];
  for (const [why, manifest] of bad) assert.equal(ManifestSchema.safeParse(manifest).success, false, why);
});

Deno.test("manifest check accepts names that only contain dots, and returns the object itself", () => {
  const manifest = {
    "saves/a..b/level.dat": [1, 2],
    "saves/..x": [3, 4],
    "x../y": [5, 6],
    "saves/.../z": [0, 0],
  };
  const parsed = ManifestSchema.safeParse(manifest);
  assert.ok(parsed.success);
  assert.equal(parsed.data, manifest);
});
