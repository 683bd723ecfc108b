/**
 * Paths in `.cloud-sync` files are checked where they are read and where they are used (docs/hostile-input.md
 * item 3): a crafted state.json or world-index.json is refused with exit 2 naming the file and the
 * field, and nothing inside or outside the pack folder changes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { testResticPath } from "../helpers/tools.ts";
import { tempDir, writeTree } from "../helpers/tmp.ts";
import { containedPath, OutsideRootError, removeContained } from "../../core/fs/contained.ts";
import { skipIf } from "../helpers/skip.ts";
import { derivedPasswordOf } from "../helpers/derived.ts";
import { parseWorldTags, worldTags } from "../../core/worlds/tags.ts";

interface Computer {
  root: string;
  pack: string;
  victim: string;
  env: Record<string, string>;
}

/** A computer that pushed its pack to a local-folder repository, and a folder beside the pack. */
async function pushedComputer(root: string): Promise<Computer> {
  const pack = join(root, "pc", ".minecraft");
  const victim = join(root, "pc", "victim");
  await writeTree(pack, {
    "saves/World/level.dat": "level",
    "saves/World/region/r.0.0.mca": "region",
    "options.txt": "fov:70\n",
    "mods/kept.jar": "mod",
    "config/kept.toml": "cfg",
  });
  await writeTree(victim, { "precious.txt": "not synced, not to be touched" });
  const env = {
    INSTANCE_SYNC_HOST: "pc",
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    RESTIC_CACHE_DIR: join(root, "restic-cache"),
  };
  const init = await runCliProcess(["init", `--url=${join(root, "repos")}`], { env, input: "me:pw\n" });
  assert.equal(init.code, 0, init.stderr);
  const push = await runCliProcess(["push"], { env });
  assert.equal(push.code, 0, push.stderr);
  return { root, pack, victim, env };
}

async function readState(pack: string) {
  return JSON.parse(await Deno.readTextFile(join(pack, ".cloud-sync/state.json")));
}

async function everything(c: Computer) {
  return { pack: await treeSnapshot(c.pack), victim: await treeSnapshot(c.victim) };
}

for (
  const [field, step] of [
    ["pending.merge.0.world", { world: "../victim", choice: "local", stash: null }],
    ["pending.merge.0.world", { world: "saves/..", choice: "local", stash: null }],
    ["pending.merge.0.stash", { world: "saves/World", choice: "local", stash: "../../victim" }],
    ["pending.merge.0.newFolder", {
      world: "saves/World",
      choice: "both",
      stash: "stash/0",
      newFolder: "..",
    }],
  ] as const
) {
  Deno.test(`pull refuses a state.json whose ${field} is ${JSON.stringify((step as Record<string, unknown>)[field.split(".").pop()!])}`, async () => {
    await using tmp = await tempDir();
    const c = await pushedComputer(tmp.path);
    const state = await readState(c.pack);
    state.pending = {
      op: "restore",
      snapshot: state.base,
      reason: "use-cloud",
      startedAt: new Date().toISOString(),
      merge: [step],
    };
    await Deno.writeTextFile(join(c.pack, ".cloud-sync/state.json"), JSON.stringify(state));
    const before = await everything(c);

    const pull = await runCliProcess(["pull"], { env: c.env });
    assert.equal(pull.code, 2, pull.stderr);
    assert.match(pull.stderr, /state\.json/);
    assert.ok(pull.stderr.includes(`"${field}"`), pull.stderr);
    assert.doesNotMatch(pull.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual(await everything(c), before, "nothing changed in or beside the pack folder");
  });
}

Deno.test("restore --world=.. refuses a world-index.json that names saves/.. and deletes nothing", async () => {
  await using tmp = await tempDir();
  const c = await pushedComputer(tmp.path);
  const id = (await readState(c.pack)).base.id;
  await Deno.writeTextFile(
    join(c.pack, ".cloud-sync/world-index.json"),
    JSON.stringify({ version: 1, prints: { [id]: { "saves/..": { hash: "x", bytes: 1 } } } }),
  );
  const before = await everything(c);

  const r = await runCliProcess(["restore", id, "--world=..", "--yes"], { env: c.env });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /world-index\.json.*saves\/\.\..*is not a world folder/);
  assert.deepEqual(await everything(c), before, "mods/, config/ and the token are still there");
});

/** The instance's repository folder under the local-folder url. */
async function theRepository(c: Computer): Promise<string> {
  const sync = JSON.parse(await Deno.readTextFile(join(c.pack, ".cloud-sync/sync.json")));
  return join(c.root, "repos", sync.instance_id);
}

/** `.cloud-sync/validated` with `slot`'s receipt set to the SHA-256 of `text`: what a copied folder can hold. */
async function plantReceipt(pack: string, slot: string, text: string): Promise<void> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  const file = join(pack, ".cloud-sync/validated");
  const lines = (await Deno.readTextFile(file)).split("\n").filter((l) => l && !l.startsWith(`${slot} `));
  await Deno.writeTextFile(file, [...lines, `${slot} ${hex}`].join("\n") + "\n");
}

Deno.test("push refuses a scope.json root outside the pack folder even with a planted receipt", async () => {
  await using tmp = await tempDir();
  const c = await pushedComputer(tmp.path);
  const scope = JSON.stringify({ include: ["saves", "../victim"] });
  await Deno.writeTextFile(join(c.pack, ".cloud-sync/scope.json"), scope);
  await plantReceipt(c.pack, "scope.json", scope);
  await Deno.writeTextFile(join(c.pack, "saves/World/region/r.0.0.mca"), "played");
  const before = await everything(c);

  const push = await runCliProcess(["push"], { env: c.env });
  assert.equal(push.code, 2, push.stderr);
  assert.match(push.stderr, /scope\.json.*must not contain "\.\."/);
  assert.deepEqual(await everything(c), before, "nothing changed in or beside the pack folder");
  const ls = await new Deno.Command(testResticPath(), {
    args: ["ls", "latest", "--json", "-q", "--no-lock"],
    env: { RESTIC_REPOSITORY: await theRepository(c), RESTIC_PASSWORD: derivedPasswordOf("pw") },
  }).output();
  assert.ok(ls.success, new TextDecoder().decode(ls.stderr));
  assert.doesNotMatch(
    new TextDecoder().decode(ls.stdout),
    /precious/,
    "nothing from beside the pack uploaded",
  );
});

Deno.test("push refuses a sync.json instance id that leaves the repository folder even with a planted receipt", async () => {
  await using tmp = await tempDir();
  const c = await pushedComputer(tmp.path);
  const file = join(c.pack, ".cloud-sync/sync.json");
  const sync = JSON.parse(await Deno.readTextFile(file));
  const text = JSON.stringify({ ...sync, instance_id: "../pc/victim" });
  await Deno.writeTextFile(file, text);
  await plantReceipt(c.pack, "sync.json", text);
  await Deno.writeTextFile(join(c.pack, "saves/World/region/r.0.0.mca"), "played");
  const before = await everything(c);

  const push = await runCliProcess(["push"], { env: c.env });
  assert.equal(push.code, 2, push.stderr);
  assert.match(push.stderr, /sync\.json.*instance_id/);
  assert.deepEqual(await everything(c), before, "no repository written into the folder beside the pack");
});

const POSIX = skipIf(Deno.build.os === "windows", "symlink escapes", "needs symlinks without privileges");

Deno.test("containedPath() refuses .., absolute paths and a link that leads outside the root", {
  ignore: POSIX,
}, async () => {
  await using tmp = await tempDir();
  const pack = join(tmp.path, "pack");
  await writeTree(pack, { "saves/World/level.dat": "x" });
  await writeTree(tmp.path, { "outside/keep.txt": "keep" });
  await Deno.symlink(join(tmp.path, "outside"), join(pack, "saves", "Linked"));

  assert.equal(
    await containedPath(pack, "saves/World/level.dat", "file"),
    join(pack, "saves/World/level.dat"),
  );
  assert.equal(
    await containedPath(pack, "saves/New/a/b", "file"),
    join(pack, "saves/New/a/b"),
    "missing is fine",
  );
  for (const bad of ["../outside", "saves/../../outside", "/etc/passwd", "", "saves//x", "./saves"]) {
    await assert.rejects(() => containedPath(pack, bad, "file"), OutsideRootError, bad);
  }
  await assert.rejects(
    () => removeContained(pack, "saves/Linked/keep.txt", "file"),
    (e) => e instanceof OutsideRootError && /resolves to .*outside/.test(e.message) && e.exitCode === 2,
  );
  assert.equal(await Deno.readTextFile(join(tmp.path, "outside/keep.txt")), "keep");
  // The link itself is inside: removing it removes the link, never what it points to.
  await removeContained(pack, "saves/Linked", "world folder", { recursive: true });
  assert.equal(await Deno.readTextFile(join(tmp.path, "outside/keep.txt")), "keep");
});

Deno.test("a world tag naming no single folder in saves/ is ignored, never turned into a path", () => {
  const forged = worldTags([
    { folder: "saves/..", change: "added" },
    { folder: "saves/a\\b", change: "changed" },
    { folder: "saves/Real World", change: "changed" },
  ]);
  assert.deepEqual(parseWorldTags([...forged, "worlds-recorded"])?.map((r) => r.folder), [
    "saves/Real World",
  ]);
});
