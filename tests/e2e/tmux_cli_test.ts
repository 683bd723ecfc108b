/**
 * The real CLI in a real terminal (tmux, 80x24): a player runs `setup` against a real rest-server and
 * later settles a conflict with `resolve`, entirely from the keyboard.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { cliLine, inTerminal } from "../helpers/tmux.ts";
import { testResticPath } from "../helpers/tools.ts";
import { skipIf } from "../helpers/skip.ts";

/** CI on macOS and Windows has no tmux (ci.yml sets this); Linux CI and this machine run these tests. */
const NO_TMUX = skipIf(
  Deno.env.get("INSTANCE_SYNC_SKIP_TMUX") === "1",
  "tmux tests",
  "INSTANCE_SYNC_SKIP_TMUX=1 (no tmux on this CI runner)",
);

Deno.test("setup in a terminal checks the credentials against the server, then writes the config", {
  ignore: NO_TMUX,
}, async () => {
  const server = await startRestServer({ users: { alice: "s3cret-pw" } });
  const pack = await Deno.makeTempDir({ prefix: "is-setup-" });
  try {
    // restic lists the account's (empty) instance directory after the check: nothing to join, no question.
    const env = { INSTANCE_SYNC_RESTIC: testResticPath() };
    await inTerminal(cliLine(["setup", `--pack-folder=${pack}`, `--url=${server.url}`], env), async (t) => {
      await t.screenWith(server.url);
      await t.keys("Enter");
      await t.screenWith("Step 2 of 3");
      await t.keys("-l alice", "Enter");
      await t.screenWith("Step 3 of 3");
      await t.keys("-l wrong", "Enter");
      await t.screenWith("refused this Discord id and password");
      await t.keys("Enter", "Enter"); // re-enter: keep the id
      await t.screenWith("Step 3 of 3");
      await t.keys("-l s3cret-pw");
      const typed = await t.screenWith("*********");
      assert.ok(!typed.includes("s3cret-pw"), typed);
      await t.keys("Enter");
      const done = await t.screenWith("EXIT=");
      assert.match(done, /EXIT=0/, done);
      assert.match(done, /sync set up for/);
      assert.ok(!done.includes("s3cret-pw"), done);
    });
    const cfg = JSON.parse(await Deno.readTextFile(join(pack, ".cloud-sync/sync.json")));
    assert.equal(cfg.url, server.url);
    assert.equal(await Deno.readTextFile(join(pack, ".cloud-sync/token")), "alice:s3cret-pw\n");
  } finally {
    await server[Symbol.asyncDispose]();
  }
});

Deno.test("resolve in a terminal shows the conflict and applies the cloud's version on enter", {
  ignore: NO_TMUX,
}, async () => {
  const root = await Deno.makeTempDir({ prefix: "is-resolve-" });
  const [a, b] = [join(root, "a"), join(root, "b")];
  await Deno.mkdir(join(a, "saves/World"), { recursive: true });
  await Deno.mkdir(b);
  const env = (host: string) => ({
    INSTANCE_SYNC_HOST: host,
    INSTANCE_SYNC_RESTIC: testResticPath(),
    RESTIC_CACHE_DIR: join(root, "cache"),
    INST_NAME: "Tmux Pack",
  });
  const run = async (host: string, pack: string, args: string[], input?: string) => {
    const r = await runCliProcess([...args, `--pack-folder=${pack}`], { env: env(host), input });
    return r;
  };
  await Deno.writeTextFile(join(a, "saves/World/level.dat"), "base");
  assert.equal((await run("pc-a", a, ["init", `--url=${root}/repos`], "me:pw\n")).code, 0);
  const id = JSON.parse(await Deno.readTextFile(join(a, ".cloud-sync/sync.json"))).instance_id;
  assert.equal(
    (await run("pc-b", b, ["init", `--url=${root}/repos`, `--instance-id=${id}`], "me:pw\n")).code,
    0,
  );
  assert.equal((await run("pc-a", a, ["push"])).code, 0);
  assert.equal((await run("pc-b", b, ["pull"])).code, 0);
  await Deno.writeTextFile(join(a, "saves/World/level.dat"), "from a");
  assert.equal((await run("pc-a", a, ["push"])).code, 0);
  await Deno.writeTextFile(join(b, "saves/World/level.dat"), "from b");
  assert.equal((await run("pc-b", b, ["pull"])).code, 3);

  await inTerminal(cliLine(["resolve", `--pack-folder=${b}`], env("pc-b")), async (t) => {
    const dialog = await t.screenWith("Cancel launch");
    assert.match(dialog, /pc-a/);
    assert.match(dialog, /pc-b/);
    assert.match(dialog, /Use the cloud's version/);
    await t.keys("Enter");
    const done = await t.screenWith("EXIT=");
    assert.match(done, /EXIT=0/, done);
  });
  assert.equal(await Deno.readTextFile(join(b, "saves/World/level.dat")), "from a");
  const history = JSON.parse((await run("pc-b", b, ["history", "--json"])).stdout);
  assert.ok(history.snapshots.some((s: { tags: string[] }) => s.tags.includes("conflict-backup")));
});

Deno.test("setup on a second computer offers the first one's instance by its name and joins it", {
  ignore: NO_TMUX,
}, async () => {
  const server = await startRestServer({ users: { alice: "s3cret-pw" } });
  const root = await Deno.makeTempDir({ prefix: "is-setup-join-" });
  try {
    const [a, bRoot] = [join(root, "a/.minecraft"), join(root, "b")];
    const b = join(bRoot, ".minecraft");
    await Deno.mkdir(join(a, "saves/World"), { recursive: true });
    await Deno.mkdir(b, { recursive: true });
    await Deno.writeTextFile(join(bRoot, "instance.cfg"), "InstanceType=OneSix\n"); // a Prism instance
    await Deno.writeTextFile(join(a, "saves/World/level.dat"), "the desktop's world");
    const env = (who: string) => ({
      INSTANCE_SYNC_HOST: "steamdeck", // both computers have the same host name
      INSTANCE_SYNC_CONFIG_DIR: join(root, `config-${who}`),
      INSTANCE_SYNC_RESTIC: testResticPath(),
      RESTIC_CACHE_DIR: join(root, "cache"),
      INST_NAME: "Survival Pack",
    });
    const first = await runCliProcess(["init", `--url=${server.url}`, `--pack-folder=${a}`], {
      env: { ...env("a"), INST_NAME: "Other Pack" },
      input: "alice:s3cret-pw\n",
    });
    assert.equal(first.code, 0, first.stderr);
    const other = join(root, "c/.minecraft");
    await Deno.mkdir(other, { recursive: true });
    const second = await runCliProcess(["init", `--url=${server.url}`, `--pack-folder=${other}`], {
      env: env("a"),
      input: "alice:s3cret-pw\n",
    });
    assert.equal(second.code, 0, second.stderr);
    const id = JSON.parse(await Deno.readTextFile(join(other, ".cloud-sync/sync.json"))).instance_id;
    await Deno.mkdir(join(other, "saves/World"), { recursive: true });
    await Deno.writeTextFile(join(other, "saves/World/level.dat"), "the desktop's world");
    assert.equal((await runCliProcess(["push", `--pack-folder=${other}`], { env: env("a") })).code, 0);

    await inTerminal(cliLine(["setup", `--pack-folder=${b}`, `--url=${server.url}`], env("b")), async (t) => {
      await t.screenWith(server.url);
      await t.keys("Enter");
      await t.screenWith("Step 2 of 3");
      await t.keys("-l alice", "Enter");
      await t.screenWith("Step 3 of 3");
      await t.keys("-l s3cret-pw", "Enter");
      const list = await t.screenWith("Start a new instance");
      assert.match(list, /❯ Join "Survival Pack"/, list);
      assert.match(list, /Join "Other Pack"/, list);
      assert.match(list, /set up on steamdeck/, list);
      await t.keys("Enter");
      const done = await t.screenWith("EXIT=");
      assert.match(done, /EXIT=0/, done);
      assert.match(done, /joined "Survival Pack"/, done);
    });
    assert.equal(JSON.parse(await Deno.readTextFile(join(b, ".cloud-sync/sync.json"))).instance_id, id);
    assert.equal(await Deno.readTextFile(join(bRoot, ".packignore")), ".minecraft/.cloud-sync\n");
    const pulled = await runCliProcess(["pull", `--pack-folder=${b}`], { env: env("b") });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(await Deno.readTextFile(join(b, "saves/World/level.dat")), "the desktop's world");
    const status = await runCliProcess(["status", `--pack-folder=${b}`], {
      env: { ...env("b"), INSTANCE_SYNC_HOST: "deck-b" },
    });
    assert.match(status.stdout, /This machine:\s+deck-b/);
    assert.match(status.stdout, /Base:\s+[0-9a-f]{8} from steamdeck/);
  } finally {
    await server[Symbol.asyncDispose]();
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});
