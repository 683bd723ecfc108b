/** The cheap snapshot listing's edge cases (the real-server paths are in rest_test.ts and local_test.ts). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { AuthError, OfflineError, ResticError, ServerError } from "../../../core/errors.ts";
import { listSnapshotIds, repositoryExists } from "../../../core/restic/listing.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { tempDir } from "../../helpers/tmp.ts";

const TOKEN = { id: "alice", password: "listing-Secret-4" };
const INSTANCE = "01JD0000000000000000000002";
const A = "a".repeat(64);
const B = "b".repeat(64);

function serve(handler: (req: Request) => Response | Promise<Response>) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("the rest listing sends the v2 accept header and basic auth, and sorts full ids", async () => {
  let seen: { path: string; headers: Headers } | undefined;
  await using server = await serve((req) => {
    seen = { path: new URL(req.url).pathname, headers: req.headers };
    return Response.json([{ name: B, size: 10 }, { name: A, size: 12 }, { name: "not-an-id", size: 1 }]);
  });
  const target = repoTarget(server.url, TOKEN, INSTANCE);
  assert.deepEqual(await listSnapshotIds(target, () => Promise.resolve([])), [A, B]);
  assert.equal(seen!.path, `/alice/${INSTANCE}/snapshots/`);
  assert.equal(seen!.headers.get("accept"), "application/vnd.x.restic.rest.v2");
  assert.equal(seen!.headers.get("authorization"), `Basic ${btoa(`alice:${TOKEN.password}`)}`);
});

Deno.test("a v1 answer (a list of names) is understood too", async () => {
  await using server = await serve(() => Response.json([B, A]));
  assert.deepEqual(
    await listSnapshotIds(repoTarget(server.url, TOKEN, INSTANCE), () => Promise.resolve([])),
    [A, B],
  );
});

Deno.test("5xx and 429 are a ServerError naming the server as written, 401/403 AuthError, 404 an empty list", async () => {
  for (const status of [429, 500, 502, 503, 504]) {
    await using server = await serve(() => new Response("no", { status }));
    await assert.rejects(
      () => listSnapshotIds(repoTarget(server.url, TOKEN, INSTANCE), () => Promise.resolve([])),
      (e) => {
        assert.ok(e instanceof ServerError && e instanceof OfflineError, `${status}: ${e}`);
        assert.equal(e.status, status);
        assert.ok(e.message.startsWith(`The server "${server.url}" answered ${status} (`), e.message);
        assert.doesNotMatch(e.message, /rest:|\*\*\*|alice|\n/);
        assert.match(e.detail ?? "", new RegExp(`GET .*/alice/${INSTANCE}/snapshots/: HTTP ${status}`));
        assert.ok(!(e.detail ?? "").includes(TOKEN.password));
        return true;
      },
    );
  }
  for (const status of [401, 403]) {
    await using server = await serve(() => new Response("no", { status }));
    await assert.rejects(
      () => listSnapshotIds(repoTarget(server.url, TOKEN, INSTANCE), () => Promise.resolve([])),
      (e) => e instanceof AuthError && e.exitCode === 5,
    );
  }
  await using missing = await serve(() => new Response("no", { status: 404 }));
  assert.deepEqual(
    await listSnapshotIds(repoTarget(missing.url, TOKEN, INSTANCE), () => Promise.resolve([])),
    [],
  );
});

Deno.test("other statuses and odd bodies are a ResticError", async () => {
  await using teapot = await serve(() => new Response("no", { status: 418 }));
  await assert.rejects(
    () => listSnapshotIds(repoTarget(teapot.url, TOKEN, INSTANCE), () => Promise.resolve([])),
    (e) => e instanceof ResticError && /answered 418/.test(e.message),
  );
  await using server = await serve(() => Response.json({ not: "a list" }));
  await assert.rejects(
    () => listSnapshotIds(repoTarget(server.url, TOKEN, INSTANCE), () => Promise.resolve([])),
    ResticError,
  );
});

Deno.test("a server that accepts but never answers is offline after the timeout", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const c of listener) conns.push(c);
  })();
  try {
    const target = repoTarget(`http://127.0.0.1:${listener.addr.port}`, TOKEN, INSTANCE);
    await assert.rejects(
      () => listSnapshotIds(target, () => Promise.resolve([]), { timeoutMs: 300 }),
      (e) => e instanceof OfflineError && /no answer within 300 ms/.test(e.message),
    );
  } finally {
    listener.close();
    for (const c of conns) c.close();
    await accepting.catch(() => {});
  }
});

Deno.test("a local repository is listed by reading its snapshots folder", async () => {
  await using tmp = await tempDir();
  const target = repoTarget(tmp.path, TOKEN, INSTANCE);
  assert.deepEqual(await listSnapshotIds(target, () => Promise.reject(new Error("no"))), []);
  assert.equal(await repositoryExists(target, () => Promise.reject(new Error("no"))), false);
  await Deno.mkdir(join(target.localPath!, "snapshots"), { recursive: true });
  await Deno.writeTextFile(join(target.localPath!, "config"), "x");
  for (const id of [B, A]) await Deno.writeTextFile(join(target.localPath!, "snapshots", id), "");
  assert.deepEqual(await listSnapshotIds(target, () => Promise.reject(new Error("no"))), [A, B]);
  assert.equal(await repositoryExists(target, () => Promise.reject(new Error("no"))), true);
});

Deno.test("other repository kinds ask the fallback (restic)", async () => {
  const target = repoTarget("sftp:me@host:/srv/restic", TOKEN, INSTANCE);
  assert.deepEqual(await listSnapshotIds(target, () => Promise.resolve([B, A, "junk"])), [A, B]);
});
