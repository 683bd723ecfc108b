/** The CLI as Prism runs it: separate processes, no TTY, INST_* variables, exit codes and output channels. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { testResticPath } from "../helpers/tools.ts";

async function instance() {
  const root = await Deno.makeTempDir({ prefix: "is-e2e-" });
  const repos = join(root, "repos");
  const packA = join(root, "a/.minecraft");
  const packB = join(root, "b/.minecraft");
  await Deno.mkdir(join(packA, "saves/World"), { recursive: true });
  await Deno.mkdir(packB, { recursive: true });
  await Deno.writeTextFile(join(packA, "saves/World/level.dat"), "v1");
  const env = (host: string, pack: string) => ({
    INSTANCE_SYNC_HOST: host,
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    INST_NAME: "E2E Pack",
    RESTIC_CACHE_DIR: join(root, "cache"),
  });
  const init = await runCliProcess(["init", `--url=${repos}`], { env: env("pc-a", packA), input: "me:pw\n" });
  assert.equal(init.code, 0, init.stderr);
  const id = JSON.parse(await Deno.readTextFile(join(packA, ".cloud-sync/sync.json"))).instance_id;
  const join_ = await runCliProcess(["init", `--url=${repos}`, `--instance-id=${id}`], {
    env: env("pc-b", packB),
    input: "me:pw\n",
  });
  assert.equal(join_.code, 0, join_.stderr);
  return { packA, packB, envA: env("pc-a", packA), envB: env("pc-b", packB) };
}

function events(stdout: string): Record<string, unknown>[] {
  return stdout.trim().split("\n").filter(Boolean).map((l) => {
    const e = JSON.parse(l);
    assert.equal(typeof e.type, "string", l);
    return e;
  });
}

Deno.test("hooks: push and pull print human lines on stderr, nothing on stdout, exit 0", async () => {
  const { packB, envA, envB } = await instance();
  const push = await runCliProcess(["push"], { env: envA });
  assert.equal(push.code, 0, push.stderr);
  assert.equal(push.stdout, "");
  assert.match(push.stderr, /^instance-sync: uploaded snapshot [0-9a-f]{8} \(1 added/m);
  const pull = await runCliProcess(["pull"], { env: envB });
  assert.equal(pull.code, 0, pull.stderr);
  assert.equal(pull.stdout, "");
  assert.match(pull.stderr, /updated to the cloud's version from pc-a/);
  assert.equal(await Deno.readTextFile(join(packB, "saves/World/level.dat")), "v1");
  const again = await runCliProcess(["pull"], { env: envB });
  assert.equal(again.stderr.trim(), "instance-sync: up to date");
});

Deno.test("--json writes only NDJSON events on stdout, ending with a summary", async () => {
  const { envA } = await instance();
  const r = await runCliProcess(["push", "--json"], { env: envA });
  assert.equal(r.code, 0, r.stderr);
  const ev = events(r.stdout);
  assert.equal(ev.at(-1)?.type, "summary");
  assert.equal(ev.at(-1)?.outcome, "pushed");
  assert.ok(ev.some((e) => e.type === "start"));
});

Deno.test("a conflict stops the launch with exit 3, a conflict event and an error event in --json", async () => {
  const { packA, packB, envA, envB } = await instance();
  assert.equal((await runCliProcess(["push"], { env: envA })).code, 0);
  assert.equal((await runCliProcess(["pull"], { env: envB })).code, 0);
  await Deno.writeTextFile(join(packA, "saves/World/level.dat"), "a");
  assert.equal((await runCliProcess(["push"], { env: envA })).code, 0);
  await Deno.writeTextFile(join(packB, "saves/World/level.dat"), "b");
  const headless = await runCliProcess(["pull"], { env: envB });
  assert.equal(headless.code, 3);
  assert.match(headless.stderr, /Conflict in "E2E Pack"/);
  assert.match(headless.stderr, /instance-sync resolve --pack-folder=/);
  const json = await runCliProcess(["pull", "--json"], { env: envB });
  assert.equal(json.code, 3);
  const ev = events(json.stdout);
  const conflict = ev.find((e) => e.type === "conflict") as { local: { machine: string } } | undefined;
  assert.equal(conflict?.local.machine, "pc-b");
  assert.equal(ev.at(-1)?.type, "error");
  assert.equal(ev.at(-1)?.exitCode, 3);
  assert.equal(await Deno.readTextFile(join(packB, "saves/World/level.dat")), "b", "nothing changed");
  const resolved = await runCliProcess(["resolve", "--choice=use-cloud"], { env: envB });
  assert.equal(resolved.code, 0, resolved.stderr);
  assert.equal(await Deno.readTextFile(join(packB, "saves/World/level.dat")), "a");
});

Deno.test("status and history --json describe the instance; restore --yes rolls back", async () => {
  const { packA, envA } = await instance();
  await runCliProcess(["push"], { env: envA });
  await Deno.writeTextFile(join(packA, "saves/World/level.dat"), "v2");
  await runCliProcess(["push"], { env: envA });
  const status = JSON.parse((await runCliProcess(["status", "--json"], { env: envA })).stdout);
  assert.equal(status.optedIn, true);
  assert.equal(status.label, "E2E Pack");
  assert.equal(status.cloudHead.host, "pc-a");
  const history = JSON.parse((await runCliProcess(["history", "--json"], { env: envA })).stdout);
  assert.equal(history.snapshots.length, 2);
  const first = history.snapshots[1];
  const refused = await runCliProcess(["restore", first.shortId], { env: envA });
  assert.equal(refused.code, 2, "no terminal and no --yes");
  const restored = await runCliProcess(["restore", first.shortId, "--yes"], { env: envA });
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(await Deno.readTextFile(join(packA, "saves/World/level.dat")), "v1");
  const push = await runCliProcess(["push"], { env: envA });
  assert.match(push.stderr, /uploaded snapshot/, "the rollback becomes the cloud's version");
  const after = JSON.parse((await runCliProcess(["history", "--json"], { env: envA })).stdout);
  assert.ok(after.snapshots.some((s: { tags: string[] }) => s.tags.includes("pre-restore")));
});

Deno.test("status tells a new cloud head from side copies that arrived while the head stayed the same", async () => {
  const { packA, packB, envA, envB } = await instance();
  assert.equal((await runCliProcess(["push"], { env: envA })).code, 0);
  const headLine = async (env: Record<string, string>) => {
    const r = await runCliProcess(["status"], { env });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split("\n").find((l) => l.startsWith("Cloud head:")) ?? "";
  };
  assert.match(await headLine(envB), /from pc-a, .* \(new since last sync\)$/, "B has not pulled A's push");
  assert.equal((await runCliProcess(["pull"], { env: envB })).code, 0);
  assert.match(await headLine(envB), /from pc-a, [^(]*$/, "after the pull nothing is new");
  // A conflict resolved with the cloud's version keeps B's side as a side copy; the head stays A's.
  await Deno.writeTextFile(join(packA, "saves/World/level.dat"), "a");
  assert.equal((await runCliProcess(["push"], { env: envA })).code, 0);
  await Deno.writeTextFile(join(packB, "saves/World/level.dat"), "b");
  assert.equal((await runCliProcess(["pull"], { env: envB })).code, 3);
  assert.equal((await runCliProcess(["resolve", "--choice=use-cloud"], { env: envB })).code, 0);
  assert.match(await headLine(envB), /from pc-a, [^(]*$/, "B is in step with the cloud: nothing new");
  assert.match(await headLine(envA), /from pc-a, .* \(unchanged; 1 other snapshot new since last sync\)$/);
  const json = JSON.parse((await runCliProcess(["status", "--json"], { env: envA })).stdout);
  assert.equal(json.headIsNew, false);
  assert.equal(json.newSinceSync, 1);
  assert.equal(await Deno.readTextFile(join(packA, "saves/World/level.dat")), "a");
});
