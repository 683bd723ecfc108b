/**
 * A hostile server (or anyone who can write the repository) cannot make a pull write outside the
 * scope, and nothing the pack folder holds is ever run (docs/hostile-input.md). The forged snapshots are made
 * with restic itself, as a server that knows the password would.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { testResticPath } from "../helpers/tools.ts";
import { tempDir, writeTree } from "../helpers/tmp.ts";
import { writeTsProgram } from "../helpers/program.ts";
import { skipIf } from "../helpers/skip.ts";
import { derivedPasswordOf } from "../helpers/derived.ts";

interface Computer {
  pack: string;
  env: Record<string, string>;
  repo: string;
}

async function pushedComputer(root: string): Promise<Computer> {
  const pack = join(root, "pc", ".minecraft");
  await writeTree(pack, {
    "saves/World/level.dat": "level v1",
    "options.txt": "fov:70\n",
    "mods/real.jar": "the modpack's own mod",
  });
  const env = {
    INSTANCE_SYNC_HOST: "pc",
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    RESTIC_CACHE_DIR: join(root, "restic-cache"),
  };
  const repos = join(root, "repos");
  const init = await runCliProcess(["init", `--url=${repos}`], { env, input: "me:pw\n" });
  assert.equal(init.code, 0, init.stderr);
  const push = await runCliProcess(["push"], { env });
  assert.equal(push.code, 0, push.stderr);
  const id = JSON.parse(await Deno.readTextFile(join(pack, ".cloud-sync/sync.json"))).instance_id;
  return { pack, env, repo: join(repos, id) };
}

async function restic(repo: string, args: string[], cwd?: string): Promise<string> {
  const out = await new Deno.Command(testResticPath(), {
    args,
    cwd,
    env: {
      RESTIC_REPOSITORY: repo,
      RESTIC_PASSWORD: derivedPasswordOf("pw"),
      RESTIC_CACHE_DIR: join(repo, "..", "..", "evil-cache"),
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

/** Backs up `files` as the next snapshot of the instance, tagged as a pull would take it. */
async function forgeSnapshot(root: string, c: Computer, files: Record<string, string>): Promise<void> {
  const [head] = JSON.parse(await restic(c.repo, ["snapshots", "--json", "--latest", "1"]));
  const evil = join(root, "evil");
  await writeTree(evil, files);
  const tops = [...new Set(Object.keys(files).map((p) => p.split("/")[0]))];
  const tags = head.tags.map((t: string) =>
    t.startsWith("parent=")
      ? `parent=${head.id}`
      : t.startsWith("machine=")
      ? "machine=01JD00000000000000000EVIL0"
      : t
  ).filter((t: string) => !t.startsWith("world"));
  await restic(
    c.repo,
    ["backup", "--host", "laptop", ...tags.flatMap((t: string) => ["--tag", t]), ...tops],
    evil,
  );
}

for (
  const [what, extra, said] of [
    [
      ".cloud-sync/restic-0.19.1",
      { ".cloud-sync/restic-0.19.1": "#!/bin/sh\ntouch /tmp/pwned\n" },
      /\.cloud-sync/,
    ],
    ["mods/evil.jar", { "mods/evil.jar": "evil" }, /mods\/evil\.jar|"mods"/],
  ] as const
) {
  Deno.test(`pull refuses a forged snapshot that holds ${what} and changes nothing in the pack folder`, async () => {
    await using tmp = await tempDir();
    const c = await pushedComputer(tmp.path);
    await forgeSnapshot(tmp.path, c, { "saves/World/level.dat": "level v2 (forged)", ...extra });
    const before = await treeSnapshot(c.pack);

    const pull = await runCliProcess(["pull"], { env: c.env });
    assert.equal(pull.code, 2, pull.stderr);
    assert.match(pull.stderr, /holds ".*", outside what this instance syncs .*nothing was restored/);
    assert.match(pull.stderr, said);
    assert.doesNotMatch(pull.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual(await treeSnapshot(c.pack), before, "not even the in-scope level.dat was written");
    const state = JSON.parse(await Deno.readTextFile(join(c.pack, ".cloud-sync/state.json")));
    assert.equal(state.pending, null, "no journal left behind: the next pull is not stuck");
  });
}

Deno.test("a pull still restores a snapshot that holds only what the scope includes", async () => {
  await using tmp = await tempDir();
  const c = await pushedComputer(tmp.path);
  await forgeSnapshot(tmp.path, c, { "saves/World/level.dat": "level v2", "options.txt": "fov:90\n" });
  const pull = await runCliProcess(["pull"], { env: c.env });
  assert.equal(pull.code, 0, pull.stderr);
  assert.equal(await Deno.readTextFile(join(c.pack, "saves/World/level.dat")), "level v2");
  assert.equal(
    await Deno.readTextFile(join(c.pack, "mods/real.jar")),
    "the modpack's own mod",
    "out of scope stays",
  );
});

Deno.test("a restic left in .cloud-sync/ by an old version is never run, even with restic found on PATH", {
  ignore: skipIf(Deno.build.os === "windows", "a planted restic-0.19.1 launcher", "POSIX launcher scripts"),
}, async () => {
  await using tmp = await tempDir();
  const c = await pushedComputer(tmp.path);
  const marker = join(tmp.path, "planted-ran");
  await writeTsProgram(
    join(c.pack, ".cloud-sync"),
    "restic-0.19.1",
    `await Deno.writeTextFile(${
      JSON.stringify(marker)
    }, "ran");\nconsole.log("restic 0.19.1 compiled with go1.26 on linux/amd64");\n`,
  );
  const bin = join(tmp.path, "bin");
  await Deno.mkdir(bin);
  await Deno.symlink(testResticPath(), join(bin, "restic"));
  await Deno.writeTextFile(join(c.pack, "options.txt"), "fov:100\n");
  const push = await runCliProcess(["push"], { env: { ...c.env, INSTANCE_SYNC_RESTIC: "", PATH: bin } });
  assert.equal(push.code, 0, push.stderr);
  assert.equal(await Deno.stat(marker).catch(() => null), null, "the planted restic never ran");
});
