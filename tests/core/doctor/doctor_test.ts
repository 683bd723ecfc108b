import assert from "node:assert/strict";
import { join } from "node:path";
import { diagnose } from "../../../core/doctor/doctor.ts";
import type { InstanceDiagnosis } from "../../../core/doctor/types.ts";
import { push } from "../../../core/sync/push.ts";
import { VERSION } from "../../../cli/version.ts";
import { cliCommand, treeSnapshot } from "../../helpers/cli.ts";
import { withTempDir } from "../../helpers/tmp.ts";
import { freePort, startRestServer } from "../../helpers/restServer.ts";
import { type DoctorFixture, syncedInstance } from "./fixture.ts";

/** The hooks the launcher engineer's `hooks install` writes: every word double-quoted (Qt's splitter). */
const wired = (action: "pull" | "push", program = cliCommand()) =>
  [...program, action, "--pack-folder=$INST_MC_DIR"].map((w) => `"${w}"`).join(" ");

const checksOf = (d: InstanceDiagnosis) => d.findings.map((f) => f.check);

async function uploaded(f: DoctorFixture) {
  const summary = await push({
    packFolder: f.gameDir,
    env: f.env,
    skipGameCheck: true,
    machineId: null,
    host: "pc",
  });
  assert.equal(summary.outcome, "pushed");
}

Deno.test("diagnose() finds nothing wrong on a wired, uploaded instance and changes nothing on disk", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await uploaded(f);
    const before = await treeSnapshot(f.instanceDir);
    const d = await diagnose(
      f.subject({ state: "instance", preLaunch: wired("pull"), postExit: wired("push") }),
      { env: f.env, version: VERSION },
    );
    assert.deepEqual(d.findings, []);
    assert.deepEqual(await treeSnapshot(f.instanceDir), before);
  });
});

Deno.test("diagnose() says a synced instance's launcher runs no hooks and how to wire them", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await uploaded(f);
    for (const state of ["none", "off", "foreign"] as const) {
      const d = await diagnose(f.subject({ state, detail: "packwiz-installer" }), {
        env: f.env,
        version: VERSION,
      });
      assert.deepEqual(checksOf(d), ["hooks"], state);
      assert.match(d.findings[0].fix, /instance-sync hooks install --launcher=prism --instance="Cozy"/);
    }
    // An instance that does not sync needs no hooks.
    const off = await diagnose(f.subject({ state: "none" }, { state: "off" }), {
      env: f.env,
      version: VERSION,
    });
    assert.deepEqual(off.findings, []);
  });
});

Deno.test("diagnose() reports hooks that name a missing binary even when the instance does not sync", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    const d = await diagnose(
      f.subject({
        state: "broken",
        detail: 'The pre-launch command names "/gone/instance-sync", which does not exist',
      }, {
        state: "off",
      }),
      { env: f.env, version: VERSION },
    );
    assert.deepEqual(checksOf(d), ["hooks"]);
    assert.match(d.findings[0].problem, /\/gone\/instance-sync/);
  });
});

Deno.test("diagnose() finds hooks that run another version of instance-sync", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await uploaded(f);
    const old = join(root, "old bin", "instance-sync");
    await Deno.mkdir(join(root, "old bin"));
    await Deno.writeTextFile(old, '#!/bin/sh\n[ "$1" = --version ] && echo 0.0.9\n', { mode: 0o755 });
    const d = await diagnose(
      f.subject({ state: "global", preLaunch: wired("pull", [old]), postExit: wired("push", [old]) }),
      { env: f.env, version: VERSION },
    );
    assert.deepEqual(checksOf(d), ["hooks"]);
    assert.match(d.findings[0].problem, /run instance-sync 0\.0\.9 .*old bin\/instance-sync.*this is /);
  });
});

Deno.test("diagnose() says a Flatpak launcher's hooks name a program its sandbox cannot see", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await uploaded(f);
    const app = join(root, ".var/app/org.prismlauncher.PrismLauncher");
    const install = {
      kind: "prism" as const,
      dataDir: join(app, "data/PrismLauncher"),
      flatpak: true,
      flatpakId: "org.prismlauncher.PrismLauncher",
      source: "flatpak",
    };
    const hooks = (program: string[]) => ({
      state: "instance" as const,
      preLaunch: wired("pull", program),
      postExit: wired("push", program),
    });
    const outside = await diagnose({ ...f.subject(hooks(cliCommand())), install }, {
      env: f.env,
      version: VERSION,
    });
    assert.deepEqual(checksOf(outside), ["hooks"]);
    assert.match(outside.findings[0].problem, /org\.prismlauncher\.PrismLauncher sandbox cannot see/);
    assert.match(outside.findings[0].fix, /hooks install --launcher=prism --instance="Cozy"/);

    // The copy `hooks install` places in the launcher's folder is visible, and answers --version.
    const copy = join(app, "data/PrismLauncher/instance-sync/instance-sync");
    await Deno.mkdir(join(app, "data/PrismLauncher/instance-sync"), { recursive: true });
    await Deno.writeTextFile(copy, `#!/bin/sh\necho ${VERSION}\n`, { mode: 0o755 });
    const inside = await diagnose({ ...f.subject(hooks([copy])), install }, { env: f.env, version: VERSION });
    assert.deepEqual(checksOf(inside), []);
  });
});

Deno.test("diagnose() reports a token readable by others without tightening it", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await uploaded(f);
    const token = join(f.gameDir, ".cloud-sync", "token");
    await Deno.chmod(token, 0o644);
    const d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(checksOf(d), ["config"]);
    assert.match(d.findings[0].problem, /readable by others \(mode 644\)/);
    assert.match(d.findings[0].fix, /chmod 600/);
    assert.equal((await Deno.stat(token)).mode! & 0o777, 0o644);
  });
});

Deno.test("diagnose() names an unreadable sync.json or a missing token, and skips what needs them", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await Deno.remove(join(f.gameDir, ".cloud-sync", "token"));
    let d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(checksOf(d), ["config"]);
    assert.match(d.findings[0].problem, /token" does not exist/);
    await Deno.writeTextFile(join(f.gameDir, ".cloud-sync", "sync.json"), '{"instance_id": 5}');
    d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(checksOf(d), ["config"]);
    assert.match(d.findings[0].problem, /sync\.json.*instance_id/);
  });
});

Deno.test("diagnose() says the server cannot be reached", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root, `http://127.0.0.1:${freePort()}`);
    const d = await diagnose(f.subject(), { env: f.env, version: VERSION, timeoutMs: 3000 });
    assert.deepEqual(checksOf(d), ["server"]);
    assert.match(d.findings[0].fix, /internet connection/);
    assert.doesNotMatch(JSON.stringify(d.findings), /hunter22/);
  });
});

Deno.test("diagnose() says a real rest-server refuses the instance's credentials", async () => {
  await using server = await startRestServer({ users: { "42": "another password" } });
  await withTempDir(async (root) => {
    const f = await syncedInstance(root, server.url);
    const d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(checksOf(d), ["server"]);
    assert.match(d.findings[0].problem, /refuses this instance's id and password/);
    assert.doesNotMatch(JSON.stringify(d.findings), /hunter22/);
  });
});

Deno.test("diagnose() accepts a real rest-server that takes the credentials", async () => {
  await using server = await startRestServer({ users: { "42": "hunter22" } });
  await withTempDir(async (root) => {
    const f = await syncedInstance(root, server.url);
    const d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(d.findings, []);
  });
});

Deno.test("diagnose() reports restic missing only when its release cannot be downloaded either", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    const env = { ...f.env, INSTANCE_SYNC_RESTIC: "", PATH: join(root, "empty") };
    const closed = `http://127.0.0.1:${freePort()}`;
    let d = await diagnose(f.subject(), {
      env: { ...env, INSTANCE_SYNC_RESTIC_DOWNLOAD_URL: closed },
      version: VERSION,
    });
    assert.deepEqual(checksOf(d), ["restic"]);
    assert.match(d.findings[0].problem, /not installed and cannot be downloaded/);

    const seen: string[] = [];
    let status = 404; // a mirror without this release
    await using mirror = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
      seen.push(`${req.method} ${new URL(req.url).pathname}`);
      return new Response(null, { status });
    });
    const url = `http://127.0.0.1:${mirror.addr.port}`;
    d = await diagnose(f.subject(), {
      env: { ...env, INSTANCE_SYNC_RESTIC_DOWNLOAD_URL: url },
      version: VERSION,
    });
    assert.match(d.findings[0]?.problem ?? "", /SHA256SUMS answers 404/);
    status = 200;
    d = await diagnose(f.subject(), {
      env: { ...env, INSTANCE_SYNC_RESTIC_DOWNLOAD_URL: url },
      version: VERSION,
    });
    assert.deepEqual(d.findings, []);
    assert.deepEqual(seen, ["HEAD /v0.19.1/SHA256SUMS", "HEAD /v0.19.1/SHA256SUMS"]);
  });
});

Deno.test("diagnose() finds the .packignore line that keeps the token out of exports missing", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await Deno.writeTextFile(join(f.instanceDir, ".packignore"), "mods\n");
    const d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(checksOf(d), ["packignore"]);
    assert.match(d.findings[0].fix, /"minecraft\/\.cloud-sync"/);
    assert.equal(await Deno.readTextFile(join(f.instanceDir, ".packignore")), "mods\n");
  });
});

Deno.test("diagnose() finds play newer than the last upload (a crash skipped the post-exit push)", async () => {
  await withTempDir(async (root) => {
    const f = await syncedInstance(root);
    await uploaded(f);
    await Deno.writeTextFile(join(f.gameDir, "saves", "World", "level.dat"), "level v2, after a crash");
    let d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(checksOf(d), ["unsynced"]);
    assert.match(d.findings[0].problem, /^1 file changed since the last upload/);
    assert.equal(d.findings[0].fix, `Run \`instance-sync push --pack-folder=${JSON.stringify(f.gameDir)}\``);
    await uploaded(f);
    d = await diagnose(f.subject(), { env: f.env, version: VERSION });
    assert.deepEqual(d.findings, []);
  });
});
