/**
 * The account's instance directory against the real things: a local-folder repository and a real
 * rest-server (`--append-only --private-repos`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Token } from "../../../core/config/token.ts";
import { InstanceDirectory } from "../../../core/directory/directory.ts";
import { AuthError } from "../../../core/errors.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { testRestic } from "../../helpers/tools.ts";

const TOKEN: Token = { id: "player", password: "dir-secret" };
const A = "01KA0000000000000000000001";
const B = "01KB0000000000000000000002";
const MACHINE = "01KM0000000000000000000003";

interface Where {
  url: string;
  /** Where the directory's repository is on disk (local path or the server's data folder). */
  repoDir: string;
  close(): Promise<void>;
}

const places: Record<string, () => Promise<Where>> = {
  "local folder": async () => {
    const dir = await Deno.makeTempDir({ prefix: "is-dir-" });
    return {
      url: join(dir, "repos"),
      repoDir: join(dir, "repos", "instances"),
      close: () => Deno.remove(dir, { recursive: true }),
    };
  },
  "rest-server": async () => {
    const server = await startRestServer({ users: { player: "dir-secret", other: "other-secret" } });
    return {
      url: server.url,
      repoDir: join(server.dataDir, "player", "instances"),
      close: () => server[Symbol.asyncDispose](),
    };
  },
};

async function directory(url: string, token = TOKEN, restic?: string) {
  const bin = await testRestic();
  return new InstanceDirectory(url, token, restic ? { ...bin, path: restic } : bin, {
    extraEnv: { RESTIC_CACHE_DIR: await Deno.makeTempDir({ prefix: "is-cache-" }) },
  });
}

for (const [name, open] of Object.entries(places)) {
  Deno.test(`${name}: a directory never written lists no instances and starts no restic`, async () => {
    const where = await open();
    try {
      const spy = await resticSpy(await Deno.makeTempDir());
      assert.deepEqual(await (await directory(where.url, TOKEN, spy.path)).list(), []);
      assert.deepEqual(await spy.calls(), []);
    } finally {
      await where.close();
    }
  });

  Deno.test(`${name}: records list each instance once, with its label, creator and time, newest first`, async () => {
    const where = await open();
    try {
      const dir = await directory(where.url);
      const label = "Caves, Cliffs & Ünïcode  pack";
      await dir.record({ instanceId: A, label, host: "steamdeck", machineId: MACHINE });
      await dir.record({ instanceId: B, label: "Second", host: "laptop", machineId: null });
      // The same instance recorded again by another computer: the first one stays its creator.
      await dir.record({ instanceId: A, label, host: "desktop", machineId: null });
      const entries = await (await directory(where.url)).list();
      assert.deepEqual(entries.map((e) => [e.instance_id, e.label, e.created_by.host]), [
        [B, "Second", "laptop"],
        [A, label, "steamdeck"],
      ]);
      assert.equal(entries[1].created_by.machine, MACHINE);
      assert.ok(Date.parse(entries[1].created_at) <= Date.parse(entries[0].created_at));
      assert.ok((await Deno.stat(join(where.repoDir, "config"))).isFile, "beside the instance repositories");
    } finally {
      await where.close();
    }
  });

  Deno.test(`${name}: a wrong password reads nothing and says authentication failed`, async () => {
    const where = await open();
    try {
      await (await directory(where.url)).record({ instanceId: A, label: "x", host: "h", machineId: null });
      const wrong = name === "rest-server"
        ? { id: "player", password: "wrong" }
        : { ...TOKEN, password: "wrong" };
      const err = await (await directory(where.url, wrong)).list().catch((e) => e);
      assert.ok(err instanceof AuthError, String(err));
      assert.equal(err.exitCode, 5);
      assert.ok(!err.message.includes("Xq9-not-it"), "the password is not in the message");
    } finally {
      await where.close();
    }
  });
}

Deno.test("rest-server: each account has its own directory (private repos)", async () => {
  const where = await places["rest-server"]();
  try {
    await (await directory(where.url)).record({ instanceId: A, label: "mine", host: "h", machineId: null });
    const other = await directory(where.url, { id: "other", password: "other-secret" });
    assert.deepEqual(await other.list(), []);
  } finally {
    await where.close();
  }
});
