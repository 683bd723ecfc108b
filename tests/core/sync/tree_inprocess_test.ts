/**
 * With the master key cached, `history` (snapshots without world tags need their listing)
 * and the conflict description (the cloud's listing and its worlds' level.dat) read the repository
 * in-process and start no restic process, on a local-folder repository and on a real rest-server.
 * Counted by a wrapper around the real restic that logs every invocation.
 */
import { withDerivedPassword } from "../../helpers/derived.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { instancePaths } from "../../../core/config/paths.ts";
import { markListed } from "../../../core/directory/open.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { history } from "../../../core/sync/info.ts";
import { pull } from "../../../core/sync/pull.ts";
import { push } from "../../../core/sync/push.ts";
import { writeTestLevelDat } from "../../../core/worlds/levelDat.ts";
import { runRestic } from "../../helpers/resticRepo.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { Machine } from "./world.ts";

const TOKEN = { id: "player", password: "tree-Secret-1" };

const level = (lastPlayed: number) => ({
  levelName: "Survival",
  lastPlayed,
  versionName: "1.21.1",
  dataVersion: 3955,
});

async function noResticScenario(url: string, work: string): Promise<void> {
  const spy = await resticSpy(work);
  const a = await Machine.create("pc-a", spy.path);
  const b = await Machine.create("pc-b", spy.path);
  const envA = { INSTANCE_SYNC_CACHE_DIR: join(work, "cache-a") };
  const envB = { INSTANCE_SYNC_CACHE_DIR: join(work, "cache-b") };
  try {
    const id = await a.init(url, TOKEN);
    await b.init(url, TOKEN, id);
    for (const m of [a, b]) await markListed(instancePaths(m.pack));
    await writeTestLevelDat(join(a.pack, "saves/Survival/level.dat"), level(1_700_000_000_000));
    await a.write({ "saves/Survival/region/r.0.0.mca": "base", "options.txt": "o" });
    await push(a.options({ env: envA }));
    await pull(b.options({ env: envB })); // b's key is cached from here on
    await writeTestLevelDat(join(a.pack, "saves/Survival/level.dat"), level(1_800_000_000_000));
    await a.write({ "saves/Survival/region/r.0.0.mca": "a's progress" });
    await push(a.options({ env: envA }));
    await writeTestLevelDat(join(b.pack, "saves/Survival/level.dat"), level(1_790_000_000_000));
    await b.write({ "saves/Survival/region/r.0.0.mca": "b's progress" });

    let before = (await spy.calls()).length;
    const opts = b.options({ env: envB });
    await pull(opts).catch(() => {});
    const d = b.reporter.conflicts[0];
    assert.ok(d, `a conflict was described: ${b.reporter.text()}`);
    assert.equal(d.worlds[0]?.cloud?.lastPlayed, 1_800_000_000_000, "the cloud's level.dat was read");
    assert.equal(d.worlds[0]?.local?.lastPlayed, 1_790_000_000_000);
    assert.ok(d.cloud.files >= 3, "the cloud's listing was read");
    assert.deepEqual((await spy.calls()).slice(before), [], "the conflict description started no restic");

    // A snapshot without world tags (a bare restic backup, like the bench's): history needs its listing.
    const target = withDerivedPassword(repoTarget(url, TOKEN, id));
    const files = [
      "--files-from",
      ".cloud-sync/files-from.txt",
      "--exclude-file",
      ".cloud-sync/exclude-from.txt",
    ];
    await runRestic(target, ["backup", ...files, "--host", "bare", "--tag", "conflict-backup"], {
      cwd: a.pack,
      cacheDir: join(work, "restic-cache"),
    });
    before = (await spy.calls()).length;
    const entries = await history(b.options({ env: envB }));
    assert.equal(entries?.length, 3);
    const bare = entries!.find((e) => e.host === "bare")!;
    assert.deepEqual(bare.worlds.map((w) => [w.folder, w.change]), [["saves/Survival", "added"]]);
    assert.deepEqual((await spy.calls()).slice(before), [], "history started no restic");
  } finally {
    for (const m of [a, b]) await Deno.remove(m.pack, { recursive: true }).catch(() => {});
  }
}

Deno.test("local repository: history and the conflict description start no restic process", async () => {
  await using tmp = await tempDir();
  await noResticScenario(join(tmp.path, "repos"), tmp.path);
});

Deno.test("rest-server: history and the conflict description start no restic process", async () => {
  await using server = await startRestServer({ users: { player: TOKEN.password } });
  await using tmp = await tempDir();
  await noResticScenario(server.url, tmp.path);
});
