import assert from "node:assert/strict";
import { hostname } from "node:os";
import { instancePaths } from "../../../core/config/paths.ts";
import { LockedError } from "../../../core/errors.ts";
import { acquireLock } from "../../../core/sync/lock.ts";

const ME = "01KM0000000000000000000001";
const OTHER = "01KM0000000000000000000002";

/** A lock file written by pid `pid` on a computer with this host name and machine id. */
async function lockOf(machine: string | undefined) {
  const paths = instancePaths(await Deno.makeTempDir());
  const child = new Deno.Command("true").spawn();
  await child.status; // its pid is dead here
  await Deno.mkdir(paths.configDir, { recursive: true });
  const info = {
    pid: child.pid,
    host: hostname(),
    command: "push",
    started: "x",
    ...(machine ? { machine } : {}),
  };
  await Deno.writeTextFile(paths.lock, JSON.stringify(info));
  return paths;
}

Deno.test("acquireLock takes over a dead run's lock only when it was this computer's (machine id)", async () => {
  const mine = await acquireLock(await lockOf(ME), { command: "pull", waitMs: 0, machine: ME });
  assert.equal(mine.tookOverStale, true);
  await mine.release();
  // Same host name (a shared folder between two Steam Decks): that pid means nothing here.
  const paths = await lockOf(OTHER);
  const err = await acquireLock(paths, { command: "pull", waitMs: 0, machine: ME }).catch((e) => e);
  assert.ok(err instanceof LockedError, String(err));
  assert.ok(await Deno.stat(paths.lock), "the other computer's lock stays");
});

Deno.test("acquireLock decides by host name for a lock written without a machine id", async () => {
  const lock = await acquireLock(await lockOf(undefined), { command: "pull", waitMs: 0, machine: ME });
  assert.equal(lock.tookOverStale, true);
  await lock.release();
});
