/**
 * The history browser in a real terminal (tmux, 80x24) against a real rest-server: a player who
 * played two sessions opens `history`, picks a world, an older version and "restore over the current
 * world", and gets that version back while the other world stays as it was.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { skipIf } from "../helpers/skip.ts";
import { cliLine, inTerminal } from "../helpers/tmux.ts";
import { testResticPath } from "../helpers/tools.ts";
import { writeTestLevelDat } from "../../core/worlds/levelDat.ts";
import { readLevelDat } from "../../core/worlds/levelDat.ts";

const NO_TMUX = skipIf(
  Deno.env.get("INSTANCE_SYNC_SKIP_TMUX") === "1",
  "tmux tests",
  "INSTANCE_SYNC_SKIP_TMUX=1 (no tmux on this CI runner)",
);

const HOME = "Home Base ☀";
const FARM = "Farm, North";

Deno.test("history in a terminal: world → older version → restore in place, the other world untouched", {
  ignore: NO_TMUX,
}, async () => {
  const server = await startRestServer({ users: { alice: "browse-pw" } });
  const root = await Deno.makeTempDir({ prefix: "is-browse-" });
  const pack = join(root, ".minecraft");
  const env = {
    INSTANCE_SYNC_HOST: "laptop",
    INSTANCE_SYNC_RESTIC: testResticPath(),
    RESTIC_CACHE_DIR: join(root, "cache"),
    INST_NAME: "Browse Pack",
  };
  const cli = async (args: string[], input?: string) => {
    const r = await runCliProcess([...args, `--pack-folder=${pack}`], { env, input });
    assert.equal(r.code, 0, r.stderr);
    return r;
  };
  const level = (name: string, lastPlayed: number) =>
    writeTestLevelDat(join(pack, "saves", name, "level.dat"), {
      levelName: name,
      lastPlayed,
      versionName: "1.21.4",
      dataVersion: 4189,
    });
  try {
    await level(HOME, Date.parse("2026-11-20T18:00:00Z"));
    await level(FARM, Date.parse("2026-11-19T18:00:00Z"));
    await Deno.writeTextFile(join(pack, "saves", HOME, "base.txt"), "the old base");
    await cli(["init", `--url=${server.url}`], "alice:browse-pw\n");
    await cli(["push"]);
    await level(HOME, Date.parse("2026-11-24T18:00:00Z"));
    await Deno.writeTextFile(join(pack, "saves", HOME, "base.txt"), "burned down");
    await Deno.writeTextFile(join(pack, "saves", FARM, "crops.txt"), "wheat");
    await cli(["push"]);
    const farmBefore = await Deno.readTextFile(join(pack, "saves", FARM, "crops.txt"));

    await inTerminal(cliLine(["history", `--pack-folder=${pack}`], env), async (t) => {
      const worlds = await t.screenWith("Worlds of");
      assert.match(worlds, /❯ Home Base ☀/, worlds);
      await t.keys("Enter");
      const timeline = await t.screenWith("version(s), newest first");
      assert.match(timeline, /laptop {2}changed {2}\(newest\)/, timeline);
      assert.match(timeline, /laptop {2}added/, timeline);
      await t.keys("Down", "Enter");
      await t.screenWith("Restore over the current world (it is saved first)");
      await t.keys("Enter");
      const done = await t.screenWith("EXIT=");
      assert.match(done, /EXIT=0/, done);
      assert.match(done, /restored "Home Base ☀" from snapshot [0-9a-f]{8}/, done);
    });
    assert.equal(await Deno.readTextFile(join(pack, "saves", HOME, "base.txt")), "the old base");
    assert.equal(
      (await readLevelDat(join(pack, "saves", HOME, "level.dat")))?.lastPlayed,
      Date.parse("2026-11-20T18:00:00Z"),
    );
    assert.equal(await Deno.readTextFile(join(pack, "saves", FARM, "crops.txt")), farmBefore);
    const history = JSON.parse((await cli(["history", "--json"])).stdout);
    assert.ok(history.snapshots.some((s: { tags: string[] }) => s.tags.includes("pre-restore")));
  } finally {
    await server[Symbol.asyncDispose]();
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});
