/**
 * The sync engine's behaviour, as two simulated computers sharing one instance. The same scenarios run
 * against a local-folder repository and a real rest-server (see the *_test.ts files beside this one).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ConflictError, LockedError, UsageError } from "../../../core/errors.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { history } from "../../../core/sync/info.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { readState, type State } from "../../../core/sync/state.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import type { Token } from "../../../core/config/token.ts";
import type { SyncOptions } from "../../../core/sync/options.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { Machine } from "./world.ts";

export interface RepoFixture {
  url: string;
  token: Token;
  cleanup(): Promise<void>;
  /** Options every run gets (a location's `resticEnv`: an rclone configuration, the PATH to `ssh`). */
  options?: Partial<SyncOptions>;
  /**
   * The location has no in-process reader (sftp:, rclone: …): the listing is one `restic snapshots`,
   * so an up-to-date pull starts exactly that one restic (an unchanged push still starts none).
   */
  listsWithRestic?: boolean;
}

const WORLD = {
  "saves/Survival/level.dat": "level v1",
  "saves/Survival/region/r.0.0.mca": "region data ".repeat(500),
  "saves/Creative/level.dat": "creative v1",
  "options.txt": "fov:70",
  "screenshots/2026-01-01.png": "png",
};
const OUT_OF_SCOPE = { "mods/pack.jar": "mod", "config/pack.toml": "cfg" };

async function twoMachines(fixture: RepoFixture) {
  const spyDir = await Deno.makeTempDir({ prefix: "is-spy-" });
  const spy = await resticSpy(spyDir);
  const a = await Machine.create("pc-a", spy.path, fixture.options);
  const b = await Machine.create("pc-b", spy.path, fixture.options);
  const id = await a.init(fixture.url, fixture.token);
  await b.init(fixture.url, fixture.token, id);
  return { a, b, spy, id };
}

/** Registers every scenario under `prefix`, each with a fresh repository from `makeRepo`. */
export function defineSyncScenarios(prefix: string, makeRepo: () => Promise<RepoFixture>) {
  const test = (name: string, fn: (f: RepoFixture) => Promise<void>) =>
    Deno.test(`${prefix}: ${name}`, async () => {
      const fixture = await makeRepo();
      try {
        await fn(fixture);
      } finally {
        await fixture.cleanup();
      }
    });

  test("first push, then a pull onto an empty machine restores the worlds", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write({ ...WORLD, ...OUT_OF_SCOPE });
    const pushed = await push(a.options());
    assert.equal(pushed.outcome, "pushed");
    const pulled = await pull(b.options());
    assert.equal(pulled.outcome, "restored", b.reporter.text());
    assert.deepEqual(await b.tree(), WORLD, "only in-scope files travel");
    const st = await readState(instancePaths(b.pack));
    assert.equal(st.base?.id, pushed.snapshot);
    assert.equal(st.pending, null);
  });

  test("a fast-forward pull journals the restore without a second copy of the base's manifest", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await pull(b.options());
    await a.write({ "options.txt": "fov:90" });
    await push(a.options());
    let journal: State | null = null;
    const pulled = await pull(b.options({
      onStep: async (s) => {
        if (s === "restore:journaled") journal = await readState(instancePaths(b.pack));
      },
    }));
    assert.equal(pulled.outcome, "restored", b.reporter.text());
    const pending = (journal as State | null)?.pending;
    assert.ok(pending, "the restore was journaled");
    // The folder was the base: an interrupted restore compares against baseManifest (I1, docs/reliability.md).
    assert.equal(pending.before, undefined);
    assert.equal(Object.keys(journal!.baseManifest).length, Object.keys(WORLD).length);
    assert.equal((await b.tree())["options.txt"], "fov:90");
  });

  test("an unchanged push starts no restic, an up-to-date pull none beyond a restic-only listing", async (f) => {
    const { a, b, spy } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await pull(b.options());
    const before = (await spy.calls()).length;
    assert.equal((await pull(b.options())).outcome, "up-to-date");
    assert.equal((await push(b.options())).outcome, "up-to-date");
    assert.equal((await push(a.options())).outcome, "up-to-date");
    assert.equal((await pull(a.options())).outcome, "up-to-date");
    const listings = f.listsWithRestic ? ["snapshots --json", "snapshots --json"] : [];
    // These machines have no user cache folder (env {}), where a run remembers `restic version`'s answer
    // (core/restic/binaryDir.ts): without one, every run that starts restic asks it first.
    const started = (await spy.calls()).slice(before).filter((c) => c !== "version");
    assert.deepEqual(started, listings, "restic was started beyond the listing");
    // With a cache folder, as a player's computer has, the answer is remembered: one listing, nothing more.
    // (inside .cloud-sync/, which syncs nothing and goes with the machine's temp folder)
    const cached = { env: { INSTANCE_SYNC_CACHE_DIR: join(b.pack, ".cloud-sync", "user-cache") } };
    assert.equal((await pull(b.options(cached))).outcome, "up-to-date");
    const warm = (await spy.calls()).length;
    assert.equal((await pull(b.options(cached))).outcome, "up-to-date");
    assert.deepEqual(
      (await spy.calls()).slice(warm),
      listings.slice(0, 1),
      "an up-to-date pull with a cache folder starts one restic at most",
    );
  });

  test("changes and deletions propagate; out-of-scope and excluded files are untouched", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await b.write({ ...OUT_OF_SCOPE, "saves/Survival/session.lock": "held", "logs/latest.log": "log" });
    await pull(b.options());
    await a.write({ "saves/Survival/level.dat": "level v2", "saves/New/level.dat": "new world" });
    await Deno.remove(join(a.pack, "saves/Creative"), { recursive: true });
    await Deno.remove(join(a.pack, "options.txt"));
    const pushed = await push(a.options());
    assert.equal(pushed.outcome, "pushed");
    assert.equal((await pull(b.options())).outcome, "restored", b.reporter.text());
    const tree = await b.tree();
    assert.equal(tree["saves/Survival/level.dat"], "level v2");
    assert.equal(tree["saves/New/level.dat"], "new world");
    assert.equal(tree["options.txt"], undefined);
    assert.equal(tree["saves/Creative/level.dat"], undefined);
    await assert.rejects(
      () => Deno.stat(join(b.pack, "saves/Creative")),
      Deno.errors.NotFound,
      "no empty world folder left",
    );
    assert.equal(tree["mods/pack.jar"], "mod");
    assert.equal(tree["config/pack.toml"], "cfg");
    assert.equal(tree["saves/Survival/session.lock"], "held");
    assert.equal(tree["logs/latest.log"], "log");
  });

  test("a conflict aborts by default, changes nothing and says how to resolve it", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await pull(b.options());
    await a.write({ "saves/Survival/level.dat": "played on a" });
    await push(a.options());
    await b.write({ "saves/Survival/level.dat": "played on b" });
    const before = await b.tree();
    const err = await pull(b.options()).catch((e) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.equal(err.exitCode, 3);
    assert.match(err.hint ?? "", /instance-sync resolve --pack-folder=/);
    assert.deepEqual(await b.tree(), before);
    const d = b.reporter.conflicts[0];
    assert.equal(d.reason, "both-changed");
    assert.deepEqual(d.local.changed, ["saves/Survival/level.dat"]);
    assert.deepEqual(d.cloud.changed, ["saves/Survival/level.dat"]);
    assert.equal(d.cloud.machine, "pc-a");
    assert.equal(d.local.machine, "pc-b");
  });

  test("use-cloud keeps this computer's version in a conflict-backup snapshot, then restores the cloud", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await pull(b.options());
    await a.write({ "saves/Survival/level.dat": "played on a" });
    await push(a.options());
    await b.write({ "saves/Survival/level.dat": "played on b", "saves/Bonly/level.dat": "b's new world" });
    const r = await pull(b.options({ onConflict: "use-cloud" }));
    assert.equal(r.outcome, "used-cloud");
    const tree = await b.tree();
    assert.equal(tree["saves/Survival/level.dat"], "played on a");
    assert.equal(tree["saves/Bonly/level.dat"], undefined);
    const entries = (await history(b.options()))!;
    const backup = entries.find((e) => e.tags.includes("conflict-backup"));
    assert.ok(backup, "a conflict-backup snapshot exists");
    assert.equal(backup.head, false);
    // I1: the replaced files are in that snapshot.
    const inst = await Instance.open(b.options());
    const files = await (await inst!.getRestic()).ls(backup.id);
    assert.ok(files.some((e) => e.path === "saves/Bonly/level.dat"));
  });

  test("keep-local leaves local files and the next push supersedes the cloud head", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await pull(b.options());
    await a.write({ "saves/Survival/level.dat": "played on a" });
    await push(a.options());
    await b.write({ "saves/Survival/level.dat": "played on b" });
    const r = await pull(b.options({ onConflict: "keep-local" }));
    assert.equal(r.outcome, "kept-local");
    assert.equal((await b.tree())["saves/Survival/level.dat"], "played on b");
    const pushed = await push(b.options());
    assert.equal(pushed.outcome, "pushed");
    assert.ok(!b.reporter.text().includes("fork"), b.reporter.text());
    assert.equal((await pull(b.options())).outcome, "up-to-date");
    assert.equal((await pull(a.options())).outcome, "restored", a.reporter.text());
    assert.equal((await a.tree())["saves/Survival/level.dat"], "played on b");
  });

  test("two machines pushing from the same base fork, and the other one's pull sees a conflict", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await pull(b.options());
    await b.write({ "saves/Creative/level.dat": "b first" });
    await push(b.options());
    await a.write({ "options.txt": "fov:90" }); // a never pulled b's snapshot
    const forked = await push(a.options());
    assert.equal(forked.outcome, "pushed");
    assert.match(a.reporter.text(), /fork/);
    const err = await pull(b.options()).catch((e) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.equal(b.reporter.conflicts[0]?.reason, "fork");
    const entries = (await history(a.options()))!;
    assert.equal(entries.filter((e) => e.fork).length, 2);
  });

  test("a restore interrupted after restic finished is completed by the next pull", async (f) => {
    const { a, b } = await twoMachines(f);
    await a.write(WORLD);
    await push(a.options());
    await pull(b.options());
    await a.write({ "saves/Survival/level.dat": "v2" });
    await Deno.remove(join(a.pack, "options.txt"));
    await push(a.options());
    const crash = new Error("simulated kill");
    const err = await pull(b.options({
      onStep: (s) => {
        if (s === "restore:restored") throw crash;
      },
    })).catch((e) => e);
    assert.equal(err, crash);
    assert.ok((await readState(instancePaths(b.pack))).pending, "the journal shows the restore");
    const refused = await push(b.options()).catch((e) => e);
    assert.ok(refused instanceof UsageError, "push refuses a half-restored folder");
    await pull(b.options());
    const st = await readState(instancePaths(b.pack));
    assert.equal(st.pending, null);
    assert.deepEqual(await b.tree(), await a.tree());
  });

  test("two runs on one instance never interleave: the second waits, then exits 4", async (f) => {
    const { a } = await twoMachines(f);
    await a.write(WORLD);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = push(a.options({ onStep: (s) => s === "push:uploaded" ? gate : undefined }));
    await new Promise((r) => setTimeout(r, 100));
    // Wait until the first run holds the lock.
    for (let i = 0; i < 100; i++) {
      try {
        await Deno.stat(join(a.pack, ".cloud-sync/lock"));
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const second = await push(a.options({ lockWaitMs: 100 })).catch((e) => e);
    release();
    await first;
    assert.ok(second instanceof LockedError, String(second));
    assert.equal(second.exitCode, 4);
  });
}
