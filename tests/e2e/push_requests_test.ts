/**
 * What a push asks the server itself before restic starts (docs/performance.md#decisions): one round trip each matters on a
 * distant server. A listing that found snapshots proves the repository exists, so no separate existence
 * check follows it; a repository with no snapshot yet is still checked (and created when missing).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { fromRestic, startBrokenServer } from "../helpers/brokenServer.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";

const USER = { id: "player", password: "push-Requests-pw-3" };

Deno.test("a push to a repository with snapshots sends only the listing before restic, no existence check", async () => {
  await using server = await startRestServer({ users: { [USER.id]: USER.password } });
  // Every request passes through to the real server; ours (not restic's) are written down.
  const ours: string[] = [];
  await using proxy = startBrokenServer({
    status: 500,
    upstream: server.url,
    fail: (req) => {
      if (!fromRestic(req)) {
        ours.push(`${req.method} ${new URL(req.url).pathname.replace(/^.*\/[0-9A-Z]{26}/, "")}`);
      }
      return false;
    },
  });
  const root = await Deno.makeTempDir({ prefix: "is-push-requests-" });
  const pack = join(root, ".minecraft");
  await Deno.mkdir(join(pack, "saves/World"), { recursive: true });
  await Deno.writeTextFile(join(pack, "saves/World/level.dat"), "v1");
  const env = {
    INSTANCE_SYNC_HOST: "pc-a",
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    INST_NAME: "Requests Pack",
    RESTIC_CACHE_DIR: join(root, "cache"),
  };
  const init = await runCliProcess(["init", `--url=${proxy.url}`], {
    env,
    input: `${USER.id}:${USER.password}\n`,
  });
  assert.equal(init.code, 0, init.stderr);

  ours.length = 0;
  const first = await runCliProcess(["push"], { env });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /uploaded snapshot/);
  assert.ok(ours.includes("HEAD /config"), `the first push checks the empty repository:\n${ours.join("\n")}`);

  await Deno.writeTextFile(join(pack, "saves/World/level.dat"), "v2, played");
  ours.length = 0;
  const second = await runCliProcess(["push"], { env });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /uploaded snapshot/);
  const beforeRestic = ours.filter((r) => !r.startsWith("GET /locks/")); // after restic: its stale-lock check
  assert.deepEqual(beforeRestic, ["GET /snapshots/"], `the second push's own requests:\n${ours.join("\n")}`);
  await Deno.remove(root, { recursive: true });
});
