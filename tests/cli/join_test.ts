/**
 * The second computer, as a player does it from the command line: two computers with their own
 * config folders (so their own machine ids) and the same host name, sharing one account, through a
 * local folder and through a real rest-server.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { resticSpy } from "../helpers/resticSpy.ts";
import { testResticPath } from "../helpers/tools.ts";

interface Computer {
  /** The Prism instance root (holds instance.cfg). */
  root: string;
  pack: string;
  run(
    args: string[],
    opts?: { input?: string; env?: Record<string, string> },
  ): ReturnType<typeof runCliProcess>;
}

async function computer(base: string, name: string, url: string): Promise<Computer> {
  const root = join(base, name);
  const pack = join(root, ".minecraft");
  await Deno.mkdir(pack, { recursive: true });
  await Deno.writeTextFile(join(root, "instance.cfg"), "InstanceType=OneSix\nname=Survival Pack\n");
  const env = {
    INSTANCE_SYNC_HOST: "steamdeck", // every Steam Deck has this name
    INSTANCE_SYNC_CONFIG_DIR: join(base, `config-${name}`),
    INSTANCE_SYNC_RESTIC: testResticPath(),
    RESTIC_CACHE_DIR: join(base, "cache"),
    INST_MC_DIR: pack,
    INST_NAME: "Survival Pack",
  };
  return {
    root,
    pack,
    run: (args, opts = {}) =>
      runCliProcess(args.map((a) => a.replace("URL", url)), {
        env: { ...env, ...opts.env },
        input: opts.input,
      }),
  };
}

const places: Record<string, (fn: (url: string, base: string) => Promise<void>) => Promise<void>> = {
  "local folder": async (fn) => {
    const base = await Deno.makeTempDir({ prefix: "is-join-" });
    try {
      await fn(join(base, "repos"), base);
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  },
  "rest-server": async (fn) => {
    const base = await Deno.makeTempDir({ prefix: "is-join-" });
    const server = await startRestServer({ users: { me: "pw" } });
    try {
      await fn(server.url, base);
    } finally {
      await server[Symbol.asyncDispose]();
      await Deno.remove(base, { recursive: true });
    }
  },
};

const machineTag = (tags: string[]) => tags.find((t) => t.startsWith("machine="));

for (const [where, withRepo] of Object.entries(places)) {
  Deno.test(`${where}: the second computer joins with init --join=<label> and gets the first one's worlds`, () =>
    withRepo(async (url, base) => {
      const a = await computer(base, "a", url);
      const b = await computer(base, "b", url);
      await Deno.mkdir(join(a.pack, "saves/World"), { recursive: true });
      await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "the first computer's world");

      const init = await a.run(["init", "--url=URL"], { input: "me:pw\n" });
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stderr, /listed "Survival Pack" in the account's instances/);
      assert.equal(await Deno.readTextFile(join(a.root, ".packignore")), ".minecraft/.cloud-sync\n");
      const id = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/sync.json"))).instance_id;
      assert.equal((await a.run(["push"])).code, 0);

      const listed = await b.run(["instances", "--url=URL", "--json"], { input: "me:pw\n" });
      assert.equal(listed.code, 0, listed.stderr);
      const entries = JSON.parse(listed.stdout);
      assert.deepEqual(entries.map((e: { instance_id: string; label: string }) => [e.instance_id, e.label]), [
        [id, "Survival Pack"],
      ]);
      const plain = await b.run(["instances", "--url=URL"], { input: "me:pw\n" });
      assert.match(plain.stdout, new RegExp(`Survival Pack\\s+${id}\\s+steamdeck`));

      const joined = await b.run(["init", "--url=URL", "--join=survival pack"], { input: "me:pw\n" });
      assert.equal(joined.code, 0, joined.stderr);
      assert.match(joined.stderr, /joined "Survival Pack"/);
      assert.equal(
        JSON.parse(await Deno.readTextFile(join(b.pack, ".cloud-sync/sync.json"))).instance_id,
        id,
      );
      assert.equal(await Deno.readTextFile(join(b.root, ".packignore")), ".minecraft/.cloud-sync\n");

      const pulled = await b.run(["pull"]);
      assert.equal(pulled.code, 0, pulled.stderr);
      assert.equal(
        await Deno.readTextFile(join(b.pack, "saves/World/level.dat")),
        "the first computer's world",
      );

      // Same host name, two computers: B's snapshot carries another machine id, and A fast-forwards to it.
      await Deno.writeTextFile(join(b.pack, "saves/World/level.dat"), "played on the second computer");
      assert.equal((await b.run(["push"])).code, 0);
      const snaps = JSON.parse((await a.run(["history", "--json"])).stdout).snapshots;
      assert.equal(snaps.length, 2);
      assert.deepEqual(snaps.map((s: { host: string }) => s.host), ["steamdeck", "steamdeck"]);
      assert.ok(machineTag(snaps[0].tags) && machineTag(snaps[1].tags));
      assert.notEqual(machineTag(snaps[0].tags), machineTag(snaps[1].tags));
      const back = await a.run(["pull"]);
      assert.equal(back.code, 0, back.stderr);
      assert.equal(
        await Deno.readTextFile(join(a.pack, "saves/World/level.dat")),
        "played on the second computer",
      );
    }));
}

Deno.test("the first push of an unlisted instance records it once; later pushes start no directory restic", () =>
  places["local folder"](async (url, base) => {
    const a = await computer(base, "a", url);
    await Deno.mkdir(join(a.pack, "saves/World"), { recursive: true });
    await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "v1");
    // init cannot reach the directory (no restic here): a warning, and the config is written anyway.
    const init = await a.run(["init", "--url=URL"], {
      input: "me:pw\n",
      env: { INSTANCE_SYNC_RESTIC: join(base, "no-restic-here") },
    });
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stderr, /warning: Could not record "Survival Pack".*the first push records it/);
    const state = () =>
      Deno.readTextFile(join(a.pack, ".cloud-sync/state.json")).then(JSON.parse, () => ({}));
    assert.equal((await state()).listed, undefined);
    const none = await a.run(["instances", "--url=URL"], { input: "me:pw\n" });
    assert.match(none.stdout, /No instances yet/);

    const spy = await resticSpy(base);
    const first = await a.run(["push"], { env: { INSTANCE_SYNC_RESTIC: spy.path } });
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await state()).listed, true);
    assert.ok((await spy.calls()).some((c) => c.includes("instance-sync-directory")), "recorded by the push");
    const listed = JSON.parse(
      (await a.run(["instances", "--url=URL", "--json"], { input: "me:pw\n" })).stdout,
    );
    assert.deepEqual(listed.map((e: { label: string }) => e.label), ["Survival Pack"]);

    const before = (await spy.calls()).length;
    await Deno.writeTextFile(join(a.pack, "saves/World/level.dat"), "v2");
    const second = await a.run(["push"], { env: { INSTANCE_SYNC_RESTIC: spy.path } });
    assert.equal(second.code, 0, second.stderr);
    const later = (await spy.calls()).slice(before);
    assert.ok(later.some((c) => c.startsWith("backup")), "the push itself ran");
    assert.deepEqual(
      later.filter((c) => c.includes("instance-sync-directory") || c.startsWith("snapshots")),
      [],
    );
  }));

Deno.test("a wrong password: --join and instances stop with exit 5 and write nothing; a plain init only warns", () =>
  places["rest-server"](async (url, base) => {
    const a = await computer(base, "a", url);
    const b = await computer(base, "b", url);
    assert.equal((await a.run(["init", "--url=URL"], { input: "me:pw\n" })).code, 0);
    const before = await treeSnapshot(b.root);
    const join_ = await b.run(["init", "--url=URL", "--join=Survival Pack"], { input: "me:wrong-pw\n" });
    assert.equal(join_.code, 5, join_.stderr);
    assert.match(join_.stderr, /^instance-sync: Authentication failed/);
    assert.ok(!join_.stderr.includes("wrong-pw"));
    assert.deepEqual(await treeSnapshot(b.root), before, "nothing written");
    const list = await b.run(["instances", "--url=URL"], { input: "me:wrong-pw\n" });
    assert.equal(list.code, 5);
    assert.equal(list.stdout, "");
    const plain = await b.run(["init", "--url=URL"], { input: "me:wrong-pw\n" });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(
      plain.stderr,
      /warning: Could not record .*Authentication failed.*the first push records it/,
    );
  }));

Deno.test("init --join refuses an ambiguous label with exit 2, lists both, and writes nothing", () =>
  places["local folder"](async (url, base) => {
    const a = await computer(base, "a", url);
    const a2 = await computer(base, "a2", url);
    const b = await computer(base, "b", url);
    for (const c of [a, a2]) assert.equal((await c.run(["init", "--url=URL"], { input: "me:pw\n" })).code, 0);
    const ids = await Promise.all(
      [a, a2].map(async (c) =>
        JSON.parse(await Deno.readTextFile(join(c.pack, ".cloud-sync/sync.json"))).instance_id as string
      ),
    );
    const before = await treeSnapshot(b.root);
    const r = await b.run(["init", "--url=URL", "--join=Survival Pack"], { input: "me:pw\n" });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /matches 2 instances/);
    for (const id of ids) assert.ok(r.stderr.includes(id), r.stderr);
    assert.deepEqual(await treeSnapshot(b.root), before);
    const both = await b.run(["init", "--url=URL", "--join=x", `--instance-id=${ids[0]}`], {
      input: "me:pw\n",
    });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either --join or --instance-id/);
  }));

Deno.test("enable adds the .cloud-sync line to an existing .packignore and keeps its lines", () =>
  places["local folder"](async (url, base) => {
    const a = await computer(base, "a", url);
    assert.equal((await a.run(["init", "--url=URL"], { input: "me:pw\n" })).code, 0);
    assert.equal((await a.run(["disable"])).code, 0);
    await Deno.writeTextFile(join(a.root, ".packignore"), "screenshots-old\n");
    const r = await a.run(["enable"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      await Deno.readTextFile(join(a.root, ".packignore")),
      "screenshots-old\n.minecraft/.cloud-sync\n",
    );
    assert.equal((await a.run(["disable"])).code, 0);
    const again = await a.run(["enable"]);
    assert.ok(!again.stderr.includes(".packignore"), "nothing to say when it is already right");
    assert.equal(
      await Deno.readTextFile(join(a.root, ".packignore")),
      "screenshots-old\n.minecraft/.cloud-sync\n",
    );
  }));

Deno.test("setup without a terminal starts a new instance, lists it, and keeps the token out of exports", () =>
  places["local folder"](async (url, base) => {
    const a = await computer(base, "a", url);
    const r = await a.run(["setup", "--url=URL"], { input: "me:pw\n" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /listed "Survival Pack" in the account's instances/);
    assert.equal(await Deno.readTextFile(join(a.root, ".packignore")), ".minecraft/.cloud-sync\n");
    const listed = JSON.parse(
      (await a.run(["instances", "--url=URL", "--json"], { input: "me:pw\n" })).stdout,
    );
    const id = JSON.parse(await Deno.readTextFile(join(a.pack, ".cloud-sync/sync.json"))).instance_id;
    assert.deepEqual(listed.map((e: { instance_id: string }) => e.instance_id), [id]);
  }));
