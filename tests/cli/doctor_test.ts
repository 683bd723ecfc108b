/** `instance-sync doctor` run as a player would, on a Prism install built in a temp HOME. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { z } from "zod";
import { initConfig } from "../../core/config/lifecycle.ts";
import { instancePaths } from "../../core/config/paths.ts";
import { runCliProcess } from "../helpers/cli.ts";
import { prismHome } from "../helpers/prismHome.ts";
import { withTempDir } from "../helpers/tmp.ts";
import { testResticPath } from "../helpers/tools.ts";

const DoctorJson = z.strictObject({
  ok: z.boolean(),
  instances: z.array(z.object({
    launcher: z.enum(["prism", "multimc", "atlauncher", "modrinth"]).nullable(),
    name: z.string(),
    gameDir: z.string(),
    sync: z.enum(["off", "on", "paused"]),
    hooks: z.enum(["none", "instance", "global", "off", "foreign", "broken"]),
    problems: z.array(z.string()),
    findings: z.array(z.object({ check: z.string(), problem: z.string(), fix: z.string() })),
  })),
});

async function synced(gameDir: string, root: string) {
  await initConfig(instancePaths(gameDir), {
    url: join(root, "repos"),
    token: { id: "42", password: "hunter22" },
    label: "Cozy Pack",
  });
  await Deno.writeTextFile(join(gameDir, "..", ".packignore"), "minecraft/.cloud-sync\n");
}

Deno.test("doctor --json names a synced Prism instance whose hooks are missing, and exits 1", async () => {
  await withTempDir(async (root) => {
    const p = await prismHome(join(root, "home"));
    await synced(p.gameDir, root);
    const env = { ...p.env, INSTANCE_SYNC_RESTIC: testResticPath() };
    const r = await runCliProcess(["doctor", "--json"], { env });
    assert.equal(r.code, 1, r.stderr);
    const report = DoctorJson.parse(JSON.parse(r.stdout));
    assert.equal(report.ok, false);
    assert.equal(report.instances.length, 1);
    const [i] = report.instances;
    assert.deepEqual([i.launcher, i.name, i.gameDir, i.sync, i.hooks], [
      "prism",
      "Cozy Pack",
      p.gameDir,
      "on",
      "none",
    ]);
    assert.deepEqual(i.findings.map((f) => f.check), ["hooks"]);
    assert.match(i.problems[0], /instance-sync hooks install --launcher=prism --instance="Cozy"/);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter22/);

    const text = await runCliProcess(["doctor"], { env });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /Prism Launcher · "Cozy Pack" · sync on · hooks not wired/);
    assert.match(text.stdout, /✘ The launcher runs no instance-sync hooks/);
  });
});

Deno.test("doctor --pack-folder finds nothing wrong with a wired instance and exits 0", async () => {
  await withTempDir(async (root) => {
    const p = await prismHome(join(root, "home"), { wired: true });
    await synced(p.gameDir, root);
    const env = { ...p.env, INSTANCE_SYNC_RESTIC: testResticPath() };
    const r = await runCliProcess(["doctor", `--pack-folder=${p.gameDir}`, "--json"], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = DoctorJson.parse(JSON.parse(r.stdout));
    assert.deepEqual(report.instances.map((i) => [i.name, i.hooks, i.problems]), [[
      "Cozy Pack",
      "instance",
      [],
    ]]);
  });
});

Deno.test("doctor in a launcher's environment examines $INST_MC_DIR even when no launcher is found", async () => {
  await withTempDir(async (root) => {
    const pack = join(root, "pack");
    await Deno.mkdir(pack);
    await synced(pack, root);
    await Deno.chmod(join(pack, ".cloud-sync", "token"), 0o640);
    const env = { HOME: join(root, "empty home"), XDG_DATA_HOME: join(root, "nothing"), INST_MC_DIR: pack };
    const r = await runCliProcess(["doctor", "--json"], {
      env: { ...env, INSTANCE_SYNC_RESTIC: testResticPath() },
    });
    assert.equal(r.code, 1, r.stderr);
    const [i] = DoctorJson.parse(JSON.parse(r.stdout)).instances;
    assert.deepEqual([i.launcher, i.gameDir, i.sync, i.hooks], [null, pack, "on", "none"]);
    assert.deepEqual(i.findings.map((f) => f.check), ["config"]);
    assert.equal((await Deno.stat(join(pack, ".cloud-sync", "token"))).mode! & 0o777, 0o640);
  });
});

Deno.test("doctor refuses --pack-folder with --all (exit 2, one line)", async () => {
  const r = await runCliProcess(["doctor", "--all", "--pack-folder=/tmp"]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), "instance-sync: Give either --pack-folder or --all");
});
