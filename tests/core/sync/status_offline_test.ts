/**
 * `status` asks the cloud before it walks the folder (the requests are answered meanwhile). A server
 * that is down must still give the player everything local — base, local changes — and one note that
 * the cloud is unreachable, never an error and never an unhandled rejection from the early request.
 */
import assert from "node:assert/strict";
import { push } from "../../../core/sync/push.ts";
import { status } from "../../../core/sync/info.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { Machine } from "./world.ts";

Deno.test("status with the server down reports the local side and notes the cloud as unreachable", async () => {
  await using server = await startRestServer({ users: { player: "pw" } });
  const a = await Machine.create("pc-a", testResticPath());
  await a.init(server.url, { id: "player", password: "pw" });
  await a.write({ "saves/W/level.dat": "v1", "options.txt": "fov:70\n" });
  const pushed = await push(a.options());
  assert.equal(pushed.outcome, "pushed");

  const online = await status(a.options());
  assert.equal(online.offline, undefined);
  assert.equal(online.cloudHead?.id, pushed.snapshot);
  assert.equal(online.cloudMoved, false);

  await server.stop();
  await a.write({ "saves/W/level.dat": "v2 after the push" });
  const report = await status(a.options());
  assert.equal(report.optedIn, true);
  assert.equal(report.base?.id, pushed.snapshot, "the base comes from state.json");
  assert.deepEqual(report.localChanges?.changed, ["saves/W/level.dat"]);
  assert.match(report.offline ?? "", /127\.0\.0\.1/, "the note names the server");
  assert.equal(report.cloudHead, undefined, "no head is claimed while offline");
  assert.equal(report.cloudMoved, undefined);
});
