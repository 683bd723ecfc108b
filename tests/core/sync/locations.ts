/**
 * What every kind of location must do beyond the shared sync scenarios (scenarios.ts): the first push
 * creates the repository, a server that is down follows the offline policy, a wrong password is exit 5,
 * a repository removed after a sync is refused without starting a new history, and history and a
 * world restore work there. Registered per location by the engine_*_test.ts files.
 */
import assert from "node:assert/strict";
import { AuthError, OfflineError, RepositoryMissingError } from "../../../core/errors.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { history } from "../../../core/sync/info.ts";
import { restoreWorld } from "../../../core/sync/worldRestore.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { skipIf } from "../../helpers/skip.ts";
import type { RepoFixture } from "./scenarios.ts";
import { Machine } from "./world.ts";

export interface LocationFixture extends RepoFixture {
  /** The folder on this machine that holds instance `id`'s repository (to remove it behind our back). */
  repositoryFolder(instanceId: string): string;
  /** Stops and restarts the server; absent where there is none (a folder, rclone's `:local:`). */
  server?: { stop(): Promise<void>; restart(): Promise<void> };
}

async function machines(f: LocationFixture) {
  const spy = await resticSpy(await Deno.makeTempDir({ prefix: "is-spy-" }));
  const a = await Machine.create("pc-a", spy.path, f.options);
  const b = await Machine.create("pc-b", spy.path, f.options);
  const id = await a.init(f.url, f.token);
  await b.init(f.url, f.token, id);
  return { a, b, id, spy };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** Registers the location checks under `prefix`, each with a fresh location from `make`. */
export function defineLocationChecks(
  prefix: string,
  make: () => Promise<LocationFixture>,
  hasServer: boolean,
) {
  const test = (name: string, fn: (f: LocationFixture) => Promise<void>) =>
    Deno.test(`${prefix}: ${name}`, async () => {
      const fixture = await make();
      try {
        await fn(fixture);
      } finally {
        await fixture.cleanup();
      }
    });

  test("a pull before any upload has nothing to do, and the first push creates the repository", async (f) => {
    const { a, b, id, spy } = await machines(f);
    assert.equal((await pull(b.options())).outcome, "up-to-date", b.reporter.text());
    assert.equal(await exists(f.repositoryFolder(id)), false, "a pull created the repository");
    await a.write({ "saves/W/level.dat": "first", "options.txt": "fov:70" });
    assert.equal((await push(a.options())).outcome, "pushed", a.reporter.text());
    assert.ok(await exists(f.repositoryFolder(id)), "the first push created the repository");
    const before = (await spy.calls()).length;
    assert.equal((await pull(b.options())).outcome, "restored", b.reporter.text());
    // Where restic lists, its answer also serves as the snapshots the restore decides with.
    const listings = (await spy.calls()).slice(before).filter((c) => c.startsWith("snapshots"));
    assert.equal(listings.length, f.listsWithRestic ? 1 : 0, "restic snapshots runs of a restoring pull");
    assert.deepEqual(await b.tree(), await a.tree());
  });

  test("a repository removed after a sync is refused by push and pull, and none is created", async (f) => {
    const { a, b, id } = await machines(f);
    await a.write({ "saves/W/level.dat": "v1" });
    await push(a.options());
    await pull(b.options());
    await Deno.remove(f.repositoryFolder(id), { recursive: true });
    await a.write({ "saves/W/level.dat": "v2" });
    for (const [m, run] of [[a, push], [b, pull]] as const) {
      const err = await run(m.options()).catch((e) => e);
      assert.ok(err instanceof RepositoryMissingError, String(err));
      assert.equal(err.exitCode, 1);
      assert.match(err.message, /^The cloud copy of ".*" is gone: .* has no snapshots of it/);
      assert.match(err.hint ?? "", /delete ".*state\.json" and run push/);
    }
    assert.equal(await exists(f.repositoryFolder(id)), false, "a new history was started");
  });

  test("a wrong repository password is an authentication failure (exit 5)", async (f) => {
    const { a, id } = await machines(f);
    await a.write({ "saves/W/level.dat": "v1" });
    await push(a.options());
    const intruder = await Machine.create("pc-c", a.restic, f.options);
    await intruder.init(f.url, { ...f.token, password: "not-the-password" }, id);
    for (const run of [pull, push]) {
      await intruder.write({ "saves/W/level.dat": "other" });
      const err = await run(intruder.options()).catch((e) => e);
      assert.ok(err instanceof AuthError, String(err));
      assert.equal(err.exitCode, 5);
    }
  });

  test("history lists each upload and one world comes back from an older snapshot", async (f) => {
    const { a } = await machines(f);
    await a.write({ "saves/W/level.dat": "v1", "saves/Other/level.dat": "other v1" });
    const first = await push(a.options());
    await a.write({ "saves/W/level.dat": "v2", "saves/Other/level.dat": "other v2" });
    await push(a.options());
    assert.equal((await history(a.options()))?.length, 2);
    const restored = await restoreWorld({
      ...a.options({ skipGameCheck: true }),
      snapshot: first.snapshot!.slice(0, 8),
      world: "W",
      confirm: () => Promise.resolve(true),
    });
    assert.equal(restored.outcome, "restored-world", a.reporter.text());
    const tree = await a.tree();
    assert.equal(tree["saves/W/level.dat"], "v1");
    assert.equal(tree["saves/Other/level.dat"], "other v2", "only that world changed");
  });

  const offline = "a server that is down follows the offline policy, and the next push catches up";
  if (skipIf(!hasServer, `${prefix}: ${offline}`, "this location has no server to stop")) return;
  test(offline, async (f) => {
    const { a, b } = await machines(f);
    await a.write({ "saves/W/level.dat": "v1" });
    await push(a.options());
    await pull(b.options());
    await f.server!.stop();
    await a.write({ "saves/W/level.dat": "v2" });
    assert.equal((await pull(b.options())).outcome, "offline", b.reporter.text());
    assert.match(b.reporter.text(), /the game starts with this computer's files/);
    const err = await pull(b.options({ offline: "abort" })).catch((e) => e);
    assert.ok(err instanceof OfflineError, String(err));
    assert.equal((await push(a.options())).outcome, "offline", a.reporter.text());
    await f.server!.restart();
    assert.equal((await push(a.options())).outcome, "pushed", a.reporter.text());
    assert.equal((await pull(b.options())).outcome, "restored", b.reporter.text());
    assert.deepEqual(await b.tree(), await a.tree());
  });
}
