import assert from "node:assert/strict";
import { OfflineError } from "../../../core/errors.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { defineSyncScenarios } from "./scenarios.ts";
import { Machine } from "./world.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";

defineSyncScenarios("rest-server (append-only, private repos)", async () => {
  const server = await startRestServer({ users: { player: "rest-secret", other: "other-secret" } });
  return {
    url: server.url,
    token: { id: "player", password: "rest-secret" },
    cleanup: () => server[Symbol.asyncDispose](),
  };
});

Deno.test("rest-server: an unreachable server lets the game start offline, or aborts with --offline=abort", async () => {
  const server = await startRestServer({ users: { player: "pw" } });
  try {
    const spy = await resticSpy(await Deno.makeTempDir());
    const a = await Machine.create("pc-a", spy.path);
    const b = await Machine.create("pc-b", spy.path);
    const id = await a.init(server.url, { id: "player", password: "pw" });
    await b.init(server.url, { id: "player", password: "pw" }, id);
    await a.write({ "saves/W/level.dat": "v1" });
    await push(a.options());
    await server.stop();
    await a.write({ "saves/W/level.dat": "v2" });
    const offlinePull = await pull(b.options());
    assert.equal(offlinePull.outcome, "offline");
    assert.match(b.reporter.text(), /the game starts with this computer's files/);
    const err = await pull(b.options({ offline: "abort" })).catch((e) => e);
    assert.ok(err instanceof OfflineError, String(err));
    const offlinePush = await push(a.options());
    assert.equal(offlinePush.outcome, "offline");
    await server.restart();
    assert.equal((await push(a.options())).outcome, "pushed", "the next push catches up");
    assert.equal((await pull(b.options())).outcome, "restored");
    assert.deepEqual(await b.tree(), await a.tree());
  } finally {
    await server[Symbol.asyncDispose]();
  }
});
