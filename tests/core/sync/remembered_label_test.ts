import assert from "node:assert/strict";
import { join } from "node:path";
import { initConfig } from "../../../core/config/lifecycle.ts";
import { instancePaths } from "../../../core/config/paths.ts";
import { readSyncJson } from "../../../core/config/syncJson.ts";
import { history } from "../../../core/sync/info.ts";
import { push } from "../../../core/sync/push.ts";
import { testUserDirs } from "../../helpers/cli.ts";
import { withTempDir, writeTree } from "../../helpers/tmp.ts";
import { testResticPath } from "../../helpers/tools.ts";

Deno.test("a push run by hand labels its snapshot with the label remembered at setup", async () => {
  await withTempDir(async (root) => {
    const pack = join(root, "pack");
    await writeTree(pack, { "saves/World/level.dat": "level" });
    const paths = instancePaths(pack);
    await initConfig(paths, {
      url: join(root, "repos"),
      token: { id: "42", password: "pw" },
      label: "Cozy Pack",
    });
    assert.equal((await readSyncJson(paths))?.label, "Cozy Pack");
    const env = { ...testUserDirs("label"), INSTANCE_SYNC_RESTIC: testResticPath() }; // no INST_NAME
    const options = { packFolder: pack, env, skipGameCheck: true, machineId: null, host: "pc" };
    assert.equal((await push(options)).outcome, "pushed");
    const [snapshot] = (await history(options))!;
    assert.equal(snapshot.label, "Cozy_Pack"); // tags keep no spaces (core/sync/history.ts)
  });
});
