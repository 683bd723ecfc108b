/**
 * A server that serves one instance's repository at another instance's address (docs/security.md,
 * "Snapshots name their instance"): the rest-server's data folder is rewritten as a hostile operator
 * would, and the victim's pull is refused with one line and exit 1, its pack folder untouched —
 * whether state.json remembers the repository id or not (then the snapshots' `instance=` tag decides).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { startRestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";

const USER = "me";
const PASSWORD = "pw-Token-2";

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

Deno.test("a pull from a server that serves another instance's repository at this one's address is refused, nothing changed", async () => {
  await using server = await startRestServer({ users: { [USER]: PASSWORD } });
  const base = await Deno.makeTempDir({ prefix: "is-wrong-repo-" });
  const env = {
    INSTANCE_SYNC_HOST: "pc",
    INSTANCE_SYNC_CONFIG_DIR: join(base, "config"),
    INSTANCE_SYNC_CACHE_DIR: join(base, "cache"),
    INSTANCE_SYNC_RESTIC: testResticPath(),
    RESTIC_CACHE_DIR: join(base, "restic-cache"),
  };
  const run = (pack: string, args: string[], input?: string) =>
    runCliProcess([args[0], `--pack-folder=${pack}`, ...args.slice(1)], { env, input });
  try {
    const packs: Record<string, { pack: string; id: string }> = {};
    for (const name of ["victim", "other"]) {
      const pack = join(base, name, ".minecraft");
      await Deno.mkdir(join(pack, "saves", "World"), { recursive: true });
      await Deno.writeTextFile(join(pack, "saves/World/level.dat"), `${name}'s world`);
      const init = await run(
        pack,
        ["init", `--url=${server.url}`, `--instance-label=${name}`],
        `${USER}:${PASSWORD}\n`,
      );
      assert.equal(init.code, 0, init.stderr);
      assert.equal((await run(pack, ["push"])).code, 0);
      const id = JSON.parse(await Deno.readTextFile(join(pack, ".cloud-sync/sync.json"))).instance_id;
      packs[name] = { pack, id };
    }
    const victim = packs.victim;
    assert.match(
      await Deno.readTextFile(join(victim.pack, ".cloud-sync/state.json")),
      /"repository":\{"id":/,
    );

    // The operator replaces the victim's repository with a copy of the other instance's.
    const victimRepo = join(server.dataDir, USER, victim.id);
    await Deno.remove(victimRepo, { recursive: true });
    await copyDir(join(server.dataDir, USER, packs.other.id), victimRepo);

    const before = await treeSnapshot(victim.pack);
    const pulled = await run(victim.pack, ["pull"]);
    assert.equal(pulled.code, 1, pulled.stderr);
    assert.match(
      pulled.stderr,
      /^instance-sync: Refusing the repository at ".*": its id [0-9a-f]{8} is not the repository/m,
    );
    assert.ok(!/\n\s+at /.test(pulled.stderr), `no stack trace: ${pulled.stderr}`);
    assert.deepEqual(await treeSnapshot(victim.pack), before, "the pack folder is unchanged");
    assert.equal(await Deno.readTextFile(join(victim.pack, "saves/World/level.dat")), "victim's world");

    // Without a remembered id (a state.json of an earlier version), the snapshots' instance tag decides.
    const statePath = join(victim.pack, ".cloud-sync/state.json");
    const state = JSON.parse(await Deno.readTextFile(statePath));
    delete state.repository;
    await Deno.writeTextFile(statePath, JSON.stringify(state) + "\n");
    const untagged = await treeSnapshot(victim.pack);
    const again = await run(victim.pack, ["pull", "--json"]);
    assert.equal(again.code, 1, again.stderr);
    assert.match(
      again.stdout + again.stderr,
      new RegExp(`belongs to instance \\\\?"${packs.other.id}\\\\?"`),
    );
    assert.deepEqual(await treeSnapshot(victim.pack), untagged, "the pack folder is unchanged");
    const status = await run(victim.pack, ["status"]);
    assert.equal(status.code, 1, "status refuses it too");
    assert.equal(await Deno.readTextFile(join(victim.pack, "saves/World/level.dat")), "victim's world");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
