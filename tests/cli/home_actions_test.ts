/** The home screen's actions that need no terminal: pause, resume and the doctor's findings. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { performHomeAction } from "../../cli/home/perform.ts";
import { initConfig } from "../../core/config/lifecycle.ts";
import { instancePaths } from "../../core/config/paths.ts";
import { discover } from "../../core/launchers/discover.ts";
import { silentContext } from "../helpers/cli.ts";
import { prismHome } from "../helpers/prismHome.ts";
import { withTempDir } from "../helpers/tmp.ts";
import { testResticPath } from "../helpers/tools.ts";

Deno.test("the home screen pauses and resumes an instance's sync and shows the doctor's findings", async () => {
  await withTempDir(async (root) => {
    const p = await prismHome(join(root, "home"));
    const paths = instancePaths(p.gameDir);
    await initConfig(paths, { url: join(root, "repos"), token: { id: "42", password: "pw" } });
    const ctx = { ...silentContext(), env: { ...p.env, INSTANCE_SYNC_RESTIC: testResticPath() } };
    const found = async () => await discover({ env: {}, home: p.home, os: "linux" });

    let f = await found();
    assert.deepEqual(await performHomeAction("pause", f.instances[0], f, ctx), [
      'Sync paused for "Cozy Pack": the hooks do nothing until you resume it',
    ]);
    f = await found();
    assert.equal(f.instances[0].sync.state, "paused");
    assert.deepEqual(await performHomeAction("pause", f.instances[0], f, ctx), ["Sync is already paused"]);

    await performHomeAction("resume", f.instances[0], f, ctx);
    f = await found();
    assert.equal(f.instances[0].sync.state, "on");

    const lines = await performHomeAction("doctor", f.instances[0], f, ctx);
    assert.equal(lines[0], '"Cozy Pack":');
    assert.match(
      lines.join("\n"),
      /✘ The launcher runs no instance-sync hooks[\s\S]*→ Run `instance-sync hooks install/,
    );
  });
});
