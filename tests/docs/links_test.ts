/**
 * Every relative link in README.md, CHANGELOG.md, bench/README.md and docs/*.md reaches a file of the
 * repository, and every `#anchor` (in the same doc or another) is a heading there, by GitHub's anchor rules.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { anchors, docs, links, ROOT, slug } from "./markdown.ts";

/** What is wrong with one link of `from`, or null when it resolves. */
async function broken(from: string, target: string, anchorsOf: (path: string) => Promise<Set<string>>) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) return null; // https:, mailto: …
  const [file, anchor] = target.split("#", 2) as [string, string | undefined];
  const path = file === "" ? from : relative(ROOT, normalize(join(ROOT, dirname(from), decodeURI(file))));
  if (path.startsWith("..")) return `"${target}" leaves the repository`;
  const stat = await Deno.stat(join(ROOT, path)).catch(() => null);
  if (!stat) return `"${target}": no file ${path}`;
  if (anchor === undefined || anchor === "") return null;
  if (!path.endsWith(".md")) return null; // GitHub's line anchors (#L10) and the like
  if (!(await anchorsOf(path)).has(anchor)) {
    return `"${target}": no heading of ${path} has the anchor #${anchor}`;
  }
  return null;
}

function anchorCache() {
  const cache = new Map<string, Set<string>>();
  return async (path: string) => {
    if (!cache.has(path)) cache.set(path, anchors(await Deno.readTextFile(join(ROOT, path))));
    return cache.get(path)!;
  };
}

Deno.test("every relative link and anchor in the docs resolves", async () => {
  const anchorsOf = anchorCache();
  const problems: string[] = [];
  let checked = 0;
  for (const doc of await docs()) {
    for (const { line, target } of links(doc.text)) {
      checked++;
      const why = await broken(doc.path, target, anchorsOf);
      if (why) problems.push(`${doc.path}:${line}: ${why}`);
    }
  }
  assert.ok(checked > 0, "no link was found at all");
  assert.deepEqual(problems, [], `broken links:\n  ${problems.join("\n  ")}`);
});

Deno.test("slug() makes GitHub's anchors: lower case, punctuation gone, spaces to hyphens, codes kept", () => {
  assert.equal(
    slug("When the server, the url or restic is wrong"),
    "when-the-server-the-url-or-restic-is-wrong",
  );
  assert.equal(slug("JSON events (`--json`)"), "json-events---json");
  assert.equal(
    slug("Speed: snapshots read without restic, cached master key (fast path 2)"),
    "speed-snapshots-read-without-restic-cached-master-key-fast-path-2",
  );
  assert.equal(slug("I1: a world is never lost"), "i1-a-world-is-never-lost");
  assert.equal(slug("What `pull` does"), "what-pull-does");
  assert.deepEqual([...anchors("# A\n## B\n## B\n```\n# not a heading\n```\n")], ["a", "b", "b-1"]);
});

Deno.test("the link check reports a missing file and a missing anchor", async () => {
  const anchorsOf = anchorCache();
  assert.equal(await broken("README.md", "#quick-start", anchorsOf), null);
  assert.match((await broken("README.md", "#no-such-heading", anchorsOf))!, /no heading of README.md/);
  assert.match((await broken("README.md", "docs/nope.md", anchorsOf))!, /no file docs\/nope.md/);
  assert.equal(await broken("docs/x.md", "../README.md#quick-start", anchorsOf), null);
  assert.equal(await broken("README.md", "https://example.com/#x", anchorsOf), null);
});
