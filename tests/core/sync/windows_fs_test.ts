/**
 * What Windows' file system does to a sync, proven through the path and journal logic on any OS:
 * a file held open by another program during a restore, paths longer than 260 characters, names that
 * differ only in case, and drive-letter and UNC repository folders. (A CRLF token file goes through
 * the real CLI in tests/e2e/rest_server_test.ts.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ResticError } from "../../../core/errors.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { filesMissingFromSnapshot } from "../../../core/sync/extraFiles.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { readState } from "../../../core/sync/state.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import { writeLoggingRestic } from "../../helpers/fakeRestic.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "windows-fs-pw" };

async function twoMachines(restic = testResticPath()) {
  const dir = await Deno.makeTempDir({ prefix: "is-winfs-" });
  const url = join(dir, "repos");
  const a = await Machine.create("pc-a", testResticPath());
  const b = await Machine.create("pc-b", restic);
  const id = await a.init(url, TOKEN);
  await b.init(url, TOKEN, id);
  return { a, b, dir };
}

/**
 * A restic that, while `<dir>/held` exists, fails every restore as restic on Windows does when the game
 * (or an antivirus) holds a file open: a per-file error, then the error count, exit 1. Otherwise it is
 * the real restic.
 */
async function resticWithHeldFile(dir: string): Promise<{ path: string; held: string }> {
  const held = join(dir, "held");
  const path = await writeLoggingRestic(
    dir,
    testResticPath(),
    `const [flag, ...args] = Deno.args;
if (args.includes("restore") && (await Deno.stat(flag).then(() => true, () => false))) {
  const file = "C:\\\\Users\\\\alex\\\\mc\\\\saves\\\\World\\\\region\\\\r.0.0.mca";
  console.error(JSON.stringify({ message_type: "error", during: "restore", item: "/saves/World/region/r.0.0.mca",
    error: { message: "open " + file + ": The process cannot access the file because it is being used by another process." } }));
  console.error(JSON.stringify({ message_type: "exit_error", code: 1, message: "Fatal: There were 1 errors" }));
  Deno.exit(1);
}
`,
    held,
  );
  return { path, held };
}

Deno.test("a restore that meets a file held open fails with one line, stays journaled, and the next pull completes it", async () => {
  const tools = await Deno.makeTempDir({ prefix: "is-held-" });
  const restic = await resticWithHeldFile(tools);
  const { a, b } = await twoMachines(restic.path);
  await a.write({ "saves/World/level.dat": "v1", "saves/World/region/r.0.0.mca": "region v1" });
  await push(a.options());
  await pull(b.options());
  await a.write({ "saves/World/region/r.0.0.mca": "region v2" });
  await push(a.options());

  await Deno.writeTextFile(restic.held, "");
  const err = await pull(b.options()).catch((e) => e);
  assert.ok(err instanceof ResticError, String(err));
  assert.equal(err.exitCode, 1);
  assert.doesNotMatch(err.message, /\n/);
  assert.match(err.message, /r\.0\.0\.mca: The process cannot access the file because it is being used/);
  assert.match(err.hint ?? "", /close it and run pull again/);
  const journaled = await readState(instancePaths(b.pack));
  assert.equal(journaled.pending?.op, "restore", "the restore stays journaled");
  const pushRefused = await push(b.options()).catch((e) => e);
  assert.match(String(pushRefused), /restore/, "push refuses a half-restored folder");

  await Deno.remove(restic.held); // the game closed
  await pull(b.options());
  assert.match(b.reporter.text(), /Finishing an interrupted restore/);
  assert.deepEqual(await b.tree(), await a.tree());
  assert.equal((await readState(instancePaths(b.pack))).pending, null);
});

Deno.test("paths longer than 260 characters round-trip through push and pull", async () => {
  const { a, b } = await twoMachines();
  const deep = [
    "saves",
    "Long World",
    ...Array.from({ length: 6 }, (_, i) => `${"d".repeat(40)}${i}`),
    "data.dat",
  ];
  const rel = deep.join("/");
  assert.ok(join(b.pack, rel).length > 260, `${join(b.pack, rel).length} characters`);
  await a.write({ [rel]: "deep", "saves/Long World/level.dat": "x" });
  await push(a.options());
  await pull(b.options());
  assert.equal(await Deno.readTextFile(join(b.pack, rel)), "deep");
});

Deno.test("a restore keeps a folder whose name differs only in case where the file system ignores case", () => {
  const local = ["saves/world/level.dat", "saves/world/region/r.0.0.mca", "saves/Old/level.dat"];
  const snapshot = ["saves/World/level.dat", "saves/World/region/r.0.0.mca"];
  // NTFS / APFS: saves/world is saves/World, restored in place; only the other world goes.
  assert.deepEqual(filesMissingFromSnapshot(local, snapshot, true), ["saves/Old/level.dat"]);
  // Linux: two different folders; the one the snapshot lacks goes.
  assert.deepEqual(filesMissingFromSnapshot(local, snapshot, false), local);
});

Deno.test("drive-letter and UNC folders are local repositories, never a restic scheme", () => {
  for (const url of ["C:\\Users\\alex\\repos", "c:/Users/alex/repos", "\\\\nas\\share\\repos", "D:repos"]) {
    assert.equal(repoTarget(url, TOKEN, "01JD0000000000000000000000").kind, "local", url);
  }
  assert.equal(repoTarget("sftp:host:/srv/repos", TOKEN, "01JD0000000000000000000000").kind, "other");
  if (Deno.build.os === "windows") {
    const t = repoTarget("\\\\nas\\share\\repos", TOKEN, "01JD0000000000000000000000");
    assert.equal(t.localPath, "\\\\nas\\share\\repos\\01JD0000000000000000000000");
  }
});
