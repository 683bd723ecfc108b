/**
 * core/fs/path.ts against node:path, on every OS: both of node's forms (posix and win32) run anywhere, so
 * the Windows semantics are proven on Linux too. Paths are generated from pieces that exercise what
 * matters (separators of both kinds, doubled ones, `.` and `..`, drive letters, UNC roots, names with dots
 * and spaces) with a fixed seed, so a failure names a case that can be replayed.
 */
import assert from "node:assert/strict";
import * as node from "node:path";
import * as ours from "../../../core/fs/path.ts";

const PIECES = [
  "a",
  "bc",
  "x.y",
  " s",
  ".",
  "..",
  "/",
  "\\",
  "//",
  "\\\\",
  "C:",
  "c:",
  "D:",
  "srv",
  "share",
  "",
];
const CASES = 20_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function pathOf(next: () => number, pieces = PIECES): string {
  let p = "";
  for (let n = Math.floor(next() * 7); n > 0; n--) p += pieces[Math.floor(next() * pieces.length)];
  return p;
}

const FORMS = [["posix", ours.posix, node.posix], ["win32", ours.win32, node.win32]] as const;

for (const [form, mine, theirs] of FORMS) {
  Deno.test(`${form}: normalize, dirname, basename and isAbsolute agree with node:path`, () => {
    const next = rng(form === "posix" ? 1 : 2);
    for (let i = 0; i < CASES; i++) {
      const p = pathOf(next);
      for (const fn of ["normalize", "dirname", "basename", "isAbsolute"] as const) {
        assert.equal(mine[fn](p), theirs[fn](p), `${form}.${fn}(${JSON.stringify(p)})`);
      }
    }
  });

  Deno.test(`${form}: join agrees with node:path`, () => {
    const next = rng(form === "posix" ? 3 : 4);
    for (let i = 0; i < CASES; i++) {
      const parts = Array.from({ length: Math.floor(next() * 4) }, () => pathOf(next));
      assert.equal(mine.join(...parts), theirs.join(...parts), `${form}.join(${JSON.stringify(parts)})`);
    }
  });
}

Deno.test("posix: resolve agrees with node:path, from the working folder or an absolute part", () => {
  const next = rng(5);
  for (let i = 0; i < CASES; i++) {
    const parts = Array.from({ length: Math.floor(next() * 4) }, () => pathOf(next));
    assert.equal(ours.posix.resolve(...parts), node.posix.resolve(...parts), JSON.stringify(parts));
  }
});

Deno.test("win32: resolve agrees with node:path below a drive or a UNC share", () => {
  // The working folder here is a POSIX one, which no Windows program has: every case starts from a
  // Windows root, and the drive letters stay on that root's drive (another drive's folder would come
  // from the working folder).
  const bases = ["C:\\base", "c:\\Base\\x\\", "C:/fwd/", "\\\\srv\\share", "\\\\srv\\share\\d\\..\\e"];
  const pieces = PIECES.filter((p) => p !== "D:");
  const next = rng(6);
  for (let i = 0; i < CASES; i++) {
    const parts = [
      bases[Math.floor(next() * bases.length)],
      ...Array.from({ length: Math.floor(next() * 4) }, () => pathOf(next, pieces)),
    ];
    if (parts.slice(1).some((p) => /^[cC]:/.test(p)) && parts[0].startsWith("\\\\")) continue;
    assert.equal(ours.win32.resolve(...parts), node.win32.resolve(...parts), JSON.stringify(parts));
  }
});

Deno.test("the native form is the running OS's, with its separator and list delimiter", () => {
  const windows = Deno.build.os === "windows";
  assert.equal(ours.sep, windows ? "\\" : "/");
  assert.equal(ours.delimiter, windows ? ";" : ":");
  assert.equal(ours.join("a", "b"), windows ? "a\\b" : "a/b");
  assert.equal(ours.resolve("x"), node.resolve("x"));
});
