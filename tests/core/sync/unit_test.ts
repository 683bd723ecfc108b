import assert from "node:assert/strict";
import { join } from "node:path";
import { instancePaths } from "../../../core/config/paths.ts";
import { defaultScope } from "../../../core/config/scope.ts";
import { LockedError } from "../../../core/errors.ts";
import { ExcludeMatcher } from "../../../core/sync/exclude.ts";
import { forkPoints, headOf, isAncestor, snapshotTags } from "../../../core/sync/history.ts";
import { acquireLock } from "../../../core/sync/lock.ts";
import { diffManifests, scanManifest } from "../../../core/sync/manifest.ts";
import { ProgressThrottle } from "../../../core/sync/progress.ts";
import { silentReporter } from "../../../core/ui.ts";

Deno.test("ExcludeMatcher matches restic-style patterns at any depth and whole folders", () => {
  const m = new ExcludeMatcher(["**/session.lock", "*.tmp", "logs", "/saves/Old", "saves/*/stats"]);
  assert.ok(m.excludes("saves/World/session.lock"));
  assert.ok(m.excludes("session.lock"));
  assert.ok(m.excludes("saves/World/region/r.0.0.mca.tmp"));
  assert.ok(m.excludes("logs"));
  assert.ok(m.excludes("saves/Old"));
  assert.ok(m.excludes("saves/World/stats"));
  assert.ok(!m.excludes("saves/World/level.dat"));
  assert.ok(!m.excludes("saves/x/Old"), "anchored pattern matches only at the root");
  assert.ok(!m.excludes("catalogs"), "a component must match whole");
});

Deno.test("scanManifest lists in-scope files, skips excluded ones and never enters .cloud-sync", async () => {
  const pack = await Deno.makeTempDir();
  await Deno.mkdir(join(pack, "saves/W/region"), { recursive: true });
  await Deno.mkdir(join(pack, ".cloud-sync"));
  await Deno.mkdir(join(pack, "mods"));
  await Deno.writeTextFile(join(pack, "saves/W/level.dat"), "abc");
  await Deno.writeTextFile(join(pack, "saves/W/session.lock"), "x");
  await Deno.writeTextFile(join(pack, "saves/W/region/r.0.0.mca"), "12345");
  await Deno.writeTextFile(join(pack, "options.txt"), "o");
  await Deno.writeTextFile(join(pack, "mods/a.jar"), "jar");
  await Deno.writeTextFile(join(pack, ".cloud-sync/token"), "a:b");
  const m = await scanManifest(pack, defaultScope());
  assert.deepEqual(Object.keys(m).sort(), ["options.txt", "saves/W/level.dat", "saves/W/region/r.0.0.mca"]);
  assert.equal(m["saves/W/region/r.0.0.mca"][0], 5);
});

Deno.test("diffManifests reports added, changed and removed files", () => {
  const d = diffManifests({ a: [1, 1000], b: [2, 2100], c: [3, 3000] }, {
    a: [1, 1000],
    b: [2, 2600],
    d: [4, 4],
  });
  assert.deepEqual(d, { added: ["d"], changed: ["b"], removed: ["c"] });
  assert.deepEqual(
    diffManifests({ a: [1, 1000] }, { a: [1, 1999] }).changed,
    [],
    "whole-second file systems",
  );
});

const snap = (id: string, time: string, parent: string | null, extra: string[] = []) => ({
  id: id.padEnd(64, "0"),
  time,
  host: "h",
  tags: snapshotTags(parent ? parent.padEnd(64, "0") : null, "L", extra),
});

Deno.test("history graph finds head, ancestry and forks from parent tags", () => {
  const a = snap("aaaaaaaa", "2026-01-01T00:00:00Z", null);
  const b = snap("bbbbbbbb", "2026-01-02T00:00:00Z", "aaaaaaaa");
  const c = snap("cccccccc", "2026-01-03T00:00:00Z", "aaaaaaaa");
  const side = snap("dddddddd", "2026-01-04T00:00:00Z", "bbbbbbbb", ["conflict-backup"]);
  const all = [a, b, c, side];
  assert.equal(headOf(all)?.id, c.id, "side copies never become head");
  assert.ok(isAncestor(all, a.id, c));
  assert.ok(isAncestor(all, c.id, c));
  assert.ok(!isAncestor(all, b.id, c), "b and c forked from a");
  assert.deepEqual([...forkPoints(all)], ["aaaaaaaa"]);
});

Deno.test("acquireLock makes a second run wait and then fail with exit 4", async () => {
  const paths = instancePaths(await Deno.makeTempDir());
  const first = await acquireLock(paths, { command: "push" });
  const err = await acquireLock(paths, { command: "pull", waitMs: 300, pollMs: 50 }).catch((e) => e);
  assert.ok(err instanceof LockedError);
  assert.equal(err.exitCode, 4);
  assert.match(err.message, /push \(pid \d+/);
  await first.release();
  const again = await acquireLock(paths, { command: "pull" });
  await again.release();
});

Deno.test("acquireLock takes over the lock of a dead process", async () => {
  const paths = instancePaths(await Deno.makeTempDir());
  const child = new Deno.Command("true").spawn();
  const { pid } = child;
  await child.status;
  await Deno.mkdir(paths.configDir, { recursive: true });
  const { hostname } = await import("node:os");
  await Deno.writeTextFile(
    paths.lock,
    JSON.stringify({ pid, host: hostname(), command: "push", started: "x" }),
  );
  const lock = await acquireLock(paths, { command: "pull", waitMs: 0 });
  assert.equal(lock.tookOverStale, true);
  await lock.release();
  await assert.rejects(() => Deno.stat(paths.lock), Deno.errors.NotFound);
});

Deno.test("ProgressThrottle passes one event per interval and flushes the last", () => {
  const seen: number[] = [];
  let now = 0;
  const t = new ProgressThrottle(
    { ...silentReporter, progress: (e) => seen.push(e.filesDone) },
    1000,
    () => now,
  );
  const ev = (n: number) => ({
    op: "backup" as const,
    fraction: 0,
    filesDone: n,
    filesTotal: 9,
    bytesDone: 0,
    bytesTotal: 0,
    secondsElapsed: 0,
    currentFiles: [],
  });
  t.push(ev(1));
  now = 500;
  t.push(ev(2));
  now = 1200;
  t.push(ev(3));
  t.push(ev(4));
  t.flush();
  assert.deepEqual(seen, [1, 3, 4]);
});
