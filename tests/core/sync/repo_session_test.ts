/**
 * One run opens the repository in-process once: reading the snapshots and then a snapshot's tree (what
 * `history` and the conflict description do) fetch the config once and each snapshot document once.
 * Counted on the requests a real rest-server receives.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { push } from "../../../core/sync/push.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "session-Secret-1" };

Deno.test("snapshots and a snapshot's tree share one opened repository: config and each document are fetched once", async () => {
  await using tmp = await tempDir();
  const server = await startRestServer({ users: { [TOKEN.id]: TOKEN.password } });
  const a = await Machine.create("pc-a", testResticPath());
  const realFetch = globalThis.fetch;
  try {
    await a.init(server.url, TOKEN);
    const env = { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "cache") };
    await a.write({ "saves/W/level.dat": "v1", "saves/W/region/r.0.0.mca": "r".repeat(5000) });
    await push(a.options({ env }));
    await a.write({ "saves/W/level.dat": "v2" });
    await push(a.options({ env }));

    const requests: string[] = [];
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return realFetch(input, init);
    };
    const inst = (await Instance.open(a.options({ env })))!;
    const snapshots = await inst.snapshots();
    assert.equal(snapshots.length, 2);
    const entries = await inst.snapshotEntries(snapshots[1].id);
    assert.ok(entries.some((e) => e.path === "saves/W/level.dat"), "the tree was read");

    const count = (suffix: string) => requests.filter((p) => p.endsWith(suffix)).length;
    assert.equal(count("/config"), 1, `the config is fetched once: ${requests.join(" ")}`);
    for (const s of snapshots) {
      assert.equal(count(`/snapshots/${s.id}`), 1, `snapshot ${s.id.slice(0, 8)} is fetched once`);
    }
  } finally {
    globalThis.fetch = realFetch;
    await server.kill();
    await Deno.remove(a.pack, { recursive: true }).catch(() => {});
  }
});
