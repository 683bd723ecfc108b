/**
 * The hand-written checks of index files and trees hold the rules the zod schemas held: restic's shapes
 * pass, anything else is "a shape this reader does not know" (null), and only the fields the reader uses
 * are kept. tree_test.ts and reader_test.ts prove them against restic's own output; this file proves
 * each refusal, which real restic never produces.
 */
import assert from "node:assert/strict";
import {
  IndexJsonSchema,
  parseIndexJson,
  parseTreeJson,
  TreeJsonSchema,
} from "../../../core/repo/bulkJson.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);

const blob = (extra: Record<string, unknown> = {}) => ({
  id: B,
  type: "data",
  offset: 0,
  length: 10,
  ...extra,
});

Deno.test("index check accepts restic's layout, empty and null packs and blobs", () => {
  const packs = parseIndexJson({
    supersedes: [A],
    packs: [{ id: A, blobs: [blob(), blob({ type: "tree", offset: 10, uncompressed_length: 40 })] }, {
      id: B,
      blobs: null,
    }],
  });
  assert.deepEqual(packs, [
    { id: A, blobs: [blob(), blob({ type: "tree", offset: 10, uncompressed_length: 40 })] },
    { id: B, blobs: [] },
  ]);
  assert.deepEqual(parseIndexJson({}), []);
  assert.deepEqual(parseIndexJson({ packs: null }), []);
});

Deno.test("index check refuses every entry that breaks a rule", () => {
  const bad: [string, unknown][] = [
    ["not an object", []],
    ["packs not an array", { packs: {} }],
    ["pack id not hex", { packs: [{ id: "x", blobs: [] }] }],
    ["pack id upper case", { packs: [{ id: A.toUpperCase(), blobs: [] }] }],
    ["blobs not an array", { packs: [{ id: A, blobs: "x" }] }],
    ["blob id short", { packs: [{ id: A, blobs: [blob({ id: "b".repeat(63) })] }] }],
    ["type missing", { packs: [{ id: A, blobs: [blob({ type: undefined })] }] }],
    ["negative offset", { packs: [{ id: A, blobs: [blob({ offset: -1 })] }] }],
    ["fractional length", { packs: [{ id: A, blobs: [blob({ length: 1.5 })] }] }],
    ["length beyond a safe integer", { packs: [{ id: A, blobs: [blob({ length: 2 ** 60 })] }] }],
    ["uncompressed_length null", { packs: [{ id: A, blobs: [blob({ uncompressed_length: null })] }] }],
    ["uncompressed_length a string", { packs: [{ id: A, blobs: [blob({ uncompressed_length: "4" })] }] }],
  ];
  for (const [why, doc] of bad) assert.equal(parseIndexJson(doc), null, why);
});

const node = (extra: Record<string, unknown> = {}) => ({
  name: "level.dat",
  type: "file",
  size: 6,
  ...extra,
});

Deno.test("tree check keeps the fields the reader uses, unquotes names, and drops the rest", () => {
  const nodes = parseTreeJson({
    nodes: [
      node({ mtime: "2026-01-01T00:00:00Z", inode: 7, content: [A], mode: 420, uid: 1000, user: "alex" }),
      { name: "region", type: "dir", subtree: B, mode: 2147484141 },
      { name: 'quote\\"s', type: "file", size: 0, content: null },
    ],
  });
  assert.deepEqual(nodes, [
    { name: "level.dat", type: "file", size: 6, mtime: "2026-01-01T00:00:00Z", inode: 7, content: [A] },
    { name: "region", type: "dir", subtree: B },
    { name: 'quote"s', type: "file", size: 0, content: null },
  ]);
  assert.deepEqual(parseTreeJson({ nodes: null }), []);
  assert.deepEqual(parseTreeJson({}), []);
});

Deno.test("tree check refuses every node that breaks a rule", () => {
  const bad: [string, unknown][] = [
    ["not an object", "x"],
    ["nodes not an array", { nodes: {} }],
    ["node not an object", { nodes: [null] }],
    ["empty name", { nodes: [node({ name: "" })] }],
    ["name with a slash", { nodes: [node({ name: "a/b" })] }],
    ["name ..", { nodes: [node({ name: ".." })] }],
    ["name .", { nodes: [node({ name: "." })] }],
    ["type missing", { nodes: [node({ type: 1 })] }],
    ["negative size", { nodes: [node({ size: -1 })] }],
    ["size null", { nodes: [node({ size: null })] }],
    ["mtime a number", { nodes: [node({ mtime: 5 })] }],
    ["inode a string", { nodes: [node({ inode: "7" })] }],
    ["subtree not hex", { nodes: [node({ type: "dir", subtree: "x" })] }],
    ["content not an array", { nodes: [node({ content: A })] }],
    ["content id not hex", { nodes: [node({ content: [A, "zz"] })] }],
  ];
  for (const [why, doc] of bad) assert.equal(parseTreeJson(doc), null, why);
  // A name Go would not have written throws, as unquoting did under zod; the reader then asks restic.
  assert.throws(() => parseTreeJson({ nodes: [node({ name: "bad\\q" })] }));
});

Deno.test("the zod schemas at the boundary answer what the hand checks answer", () => {
  const index = { packs: [{ id: A, blobs: [blob()] }] };
  assert.deepEqual(IndexJsonSchema.parse(index), parseIndexJson(index));
  assert.equal(IndexJsonSchema.safeParse({ packs: [{ id: "x" }] }).success, false);
  const tree = { nodes: [node()] };
  assert.deepEqual(TreeJsonSchema.parse(tree), parseTreeJson(tree));
  assert.equal(TreeJsonSchema.safeParse({ nodes: [node({ name: ".." })] }).success, false);
});
