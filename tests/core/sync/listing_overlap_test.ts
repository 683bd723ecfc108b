/**
 * The listing of `pull` and `status` is answered while the folder is walked (docs/performance.md#decisions). Deno drives
 * fetch from the event loop, which the synchronous walk does not turn, so a request started just before
 * the walk would leave only after it; core/sync/requestsOut.ts puts it on the wire first. A distant
 * server's round trip then hides behind the walk instead of adding to it. Proved with a real rest-server
 * behind a proxy on its own thread that notes when the listing arrives, against the time of the walk's
 * last `lstat` in this process.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { status } from "../../../core/sync/info.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { startArrivalProxy } from "../../helpers/arrivalProxy.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "overlap-Secret-8" };

/** Runs `fn` with the wall-clock time of every `lstatSync` under `folder` written down. */
async function withStatTimes(folder: string, fn: () => Promise<unknown>): Promise<number[]> {
  const real = Deno.lstatSync;
  const times: number[] = [];
  Deno.lstatSync = (path: string | URL) => {
    if (String(path).startsWith(folder)) times.push(Date.now());
    return real(path);
  };
  try {
    await fn();
    return times;
  } finally {
    Deno.lstatSync = real;
  }
}

Deno.test("pull and status put the listing on the wire before they walk the folder", async () => {
  await using server = await startRestServer({ users: { [TOKEN.id]: TOKEN.password } });
  await using proxy = await startArrivalProxy(server.url);
  const a = await Machine.create("pc-a", testResticPath());
  await a.init(proxy.url, TOKEN);
  // Enough files that the walk lasts several milliseconds on any machine.
  const data = join(a.pack, "saves/World/data");
  await Deno.mkdir(data, { recursive: true });
  await a.write({ "saves/World/level.dat": "v1" });
  for (let i = 0; i < 4000; i++) await Deno.writeTextFile(join(data, `map_${i}.dat`), String(i));
  assert.equal((await push(a.options())).outcome, "pushed");

  const runs: [string, () => Promise<unknown>][] = [
    ["pull", () => pull(a.options())],
    ["status", () => status(a.options())],
  ];
  for (const [name, run] of runs) {
    const seen = (await proxy.arrivals()).length;
    const times = await withStatTimes(a.pack, run);
    const listing = (await proxy.arrivals()).slice(seen).find((r) => /^GET .*\/snapshots\/$/.test(r.request));
    assert.ok(listing, `${name} listed the snapshots`);
    assert.ok(times.length >= 4000, `${name} walked the folder (${times.length} lstat calls)`);
    const [walkStart, walkEnd] = [times[0], times[times.length - 1]];
    // Put on the wire first, it arrives as the walk begins; left behind the walk, at its end or after.
    assert.ok(
      listing.at <= walkStart + (walkEnd - walkStart) / 2,
      `${name}: the listing arrived ${listing.at - walkStart} ms into a walk of ${walkEnd - walkStart} ms`,
    );
  }
  await Deno.remove(a.pack, { recursive: true });
});
