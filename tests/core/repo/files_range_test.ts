/**
 * One blob out of a pack: a rest-server gets an HTTP Range request (and a server that ignores it and
 * answers 200 with the whole file is sliced), a local repository a positioned read.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { repoFiles } from "../../../core/repo/files.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { tempDir } from "../../helpers/tmp.ts";

const TOKEN = { id: "alice", password: "alice-Secret-1" };
const INSTANCE = "01JD0000000000000000000000";
const PACK = "ab".repeat(32);
const BYTES = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

for (const honoursRange of [true, false]) {
  Deno.test(`a pack range from a server that ${honoursRange ? "answers 206" : "ignores Range (200)"} is exactly the blob`, async () => {
    const ranges: (string | null)[] = [];
    await using server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
      const url = new URL(req.url);
      if (url.pathname !== `/${TOKEN.id}/${INSTANCE}/data/${PACK}`) {
        return new Response("no", { status: 404 });
      }
      const range = req.headers.get("Range");
      ranges.push(range);
      const m = /^bytes=(\d+)-(\d+)$/.exec(range ?? "");
      if (!honoursRange || !m) return new Response(BYTES);
      return new Response(BYTES.slice(Number(m[1]), Number(m[2]) + 1), { status: 206 });
    });
    const target = repoTarget(`http://127.0.0.1:${server.addr.port}`, TOKEN, INSTANCE);
    const files = repoFiles(target);
    assert.deepEqual(await files.readPack(PACK, 100, 50), BYTES.slice(100, 150));
    assert.deepEqual(ranges, ["bytes=100-149"]);
    assert.equal(await files.readPack("cd".repeat(32), 0, 10), null, "a missing pack");
  });
}

Deno.test("a pack range from a local repository is a positioned read of data/<2 hex>/<id>", async () => {
  await using tmp = await tempDir();
  const target = repoTarget(join(tmp.path, "repos"), TOKEN, INSTANCE);
  await Deno.mkdir(join(target.localPath!, "data", "ab"), { recursive: true });
  await Deno.writeFile(join(target.localPath!, "data", "ab", PACK), BYTES);
  const files = repoFiles(target);
  assert.deepEqual(await files.readPack(PACK, 900, 100), BYTES.slice(900));
  assert.deepEqual(await files.readPack(PACK, 990, 100), BYTES.slice(990), "cut short at the end");
  assert.equal(await files.readPack("cd".repeat(32), 0, 10), null, "a missing pack");
});
