/**
 * Inputs that look odd but are valid: unicode, very long and strange file names must round-trip
 * between two computers through the real CLI; a scope entry that is a symlink out of the pack folder
 * is synced as the link itself and never walked (the decision: restic backs up the symlink, the
 * manifest records it without following it, and nothing outside the pack folder is read or written).
 */
import { derivedPasswordOf } from "../helpers/derived.ts";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { instancePaths } from "../../core/config/paths.ts";
import { readState } from "../../core/sync/state.ts";
import { runCliProcess } from "../helpers/cli.ts";
import { testResticPath } from "../helpers/tools.ts";

const TOKEN = "player:names-Secret-5";

/** Every file and symlink under `dir` except `.cloud-sync/` (path → content or link target). */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(join(dir, rel))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (p === ".cloud-sync") continue;
      if (e.isSymlink) out[p] = `-> ${await Deno.readLink(join(dir, p))}`;
      else if (e.isDirectory) await walk(p);
      else out[p] = await Deno.readTextFile(join(dir, p));
    }
  };
  await walk("");
  return out;
}

async function twoComputers(scope?: unknown) {
  const work = await Deno.makeTempDir({ prefix: "is-names-" });
  const [a, b] = [join(work, "pc-a"), join(work, "pc-b")];
  const env = (host: string) => ({ INSTANCE_SYNC_RESTIC: testResticPath(), INSTANCE_SYNC_HOST: host });
  const cli = async (host: string, args: string[], input?: string) => {
    const r = await runCliProcess(args, { env: env(host), input });
    assert.equal(r.code, 0, `${host} ${args[0]}: ${r.stderr}`);
    return r;
  };
  for (const d of [a, b]) await Deno.mkdir(d);
  await cli("pc-a", ["init", `--url=${join(work, "repos")}`, `--pack-folder=${a}`], TOKEN);
  const id = JSON.parse(await Deno.readTextFile(instancePaths(a).syncJson)).instance_id;
  await cli(
    "pc-b",
    ["init", `--url=${join(work, "repos")}`, `--instance-id=${id}`, `--pack-folder=${b}`],
    TOKEN,
  );
  if (scope) {
    for (const d of [a, b]) await Deno.writeTextFile(instancePaths(d).scope, JSON.stringify(scope));
  }
  return { work, a, b, id, cli };
}

async function write(dir: string, files: Record<string, string>) {
  for (const [rel, text] of Object.entries(files)) {
    await Deno.mkdir(dirname(join(dir, rel)), { recursive: true });
    await Deno.writeTextFile(join(dir, rel), text);
  }
}

Deno.test("unicode, very long and strange world and file names sync both ways unchanged", async () => {
  const longName = "é".repeat(127) + "x"; // 255 bytes: the longest name Linux allows
  const deep = Array.from({ length: 24 }, (_, i) => `level-${i}-${"d".repeat(20)}`).join("/");
  const files: Record<string, string> = {
    "saves/Wörld ✨ 世界/level.dat": "unicode world",
    "saves/Wörld ✨ 世界/region/r.0.0.mca": "region",
    "saves/e\u0301 combining/level.dat": "combining accent",
    "saves/é precomposed/level.dat": "precomposed accent",
    'saves/quote\'s "dq" [x] {y} *?#%&;$(echo no)/level.dat': "shell and glob characters",
    "saves/line\nbreak/level.dat": "a line break in a folder name",
    "saves/ leading and trailing space /level.dat": "spaces",
    [`saves/${longName}/level.dat`]: "a 255-byte folder name",
    [`saves/Deep/${deep}/level.dat`]: "a deep path",
    "saves/-dash-first/level.dat": "looks like a flag",
    "Ünïcode root ✨/notes.txt": "a unicode scope root",
    "options.txt": "lang:ja_jp",
  };
  const { work, a, b, cli } = await twoComputers({ include: ["saves", "options.txt", "Ünïcode root ✨"] });
  try {
    await write(a, files);
    await cli("pc-a", ["push", `--pack-folder=${a}`]);
    await cli("pc-b", ["pull", `--pack-folder=${b}`]);
    assert.deepEqual(await tree(b), files);

    await write(b, {
      [`saves/${longName}/level.dat`]: "changed on b",
      "saves/新しい世界/level.dat": "new on b",
    });
    await Deno.remove(join(b, "saves/line\nbreak"), { recursive: true });
    await cli("pc-b", ["push", `--pack-folder=${b}`]);
    await cli("pc-a", ["pull", `--pack-folder=${a}`]);
    assert.deepEqual(await tree(a), await tree(b));
    assert.equal(await Deno.readTextFile(join(a, `saves/${longName}/level.dat`)), "changed on b");
    const status = await cli("pc-a", ["status", `--pack-folder=${a}`, "--json"]);
    assert.ok(status.stdout.trim().length > 0);
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
});

Deno.test("a scope entry that is a symlink out of the pack folder is uploaded as a link, never walked, and never restored", async () => {
  const outside = await Deno.makeTempDir({ prefix: "is-outside-" });
  await Deno.writeTextFile(join(outside, "secret.txt"), "outside the pack folder");
  const { work, a, b, id, cli } = await twoComputers({ include: ["saves", "escape"] });
  try {
    await write(a, { "saves/World/level.dat": "world" });
    await Deno.symlink(outside, join(a, "escape"));
    await Deno.symlink(outside, join(a, "saves/Linked world"));
    await cli("pc-a", ["push", `--pack-folder=${a}`]);

    const manifest = Object.keys((await readState(instancePaths(a))).baseManifest).sort();
    assert.deepEqual(manifest, ["escape", "saves/Linked world", "saves/World/level.dat"]);
    const ls = await new Deno.Command(testResticPath(), {
      args: ["ls", "latest", "--json"],
      env: {
        RESTIC_REPOSITORY: join(work, "repos", id),
        RESTIC_PASSWORD: derivedPasswordOf(TOKEN.split(":")[1]),
      },
      stdout: "piped",
      stderr: "null",
    }).output();
    const entries = new TextDecoder().decode(ls.stdout).split("\n").filter((l) => l.includes('"path"'))
      .map((l) => JSON.parse(l) as { path: string; type: string });
    const byPath = Object.fromEntries(entries.map((e) => [e.path.replace(/^\//, ""), e.type]));
    assert.equal(byPath["escape"], "symlink");
    assert.equal(byPath["saves/Linked world"], "symlink");
    assert.ok(
      !Object.keys(byPath).some((p) => p.includes("secret.txt")),
      "the link's target was not backed up",
    );

    // A link as an include root is refused on the way back: files written through it would leave the
    // pack folder (docs/hostile-input.md). The other computer's pull stops with nothing written.
    const pulled = await runCliProcess(["pull", `--pack-folder=${b}`], {
      env: { INSTANCE_SYNC_RESTIC: testResticPath(), INSTANCE_SYNC_HOST: "pc-b" },
    });
    assert.equal(pulled.code, 2, pulled.stderr);
    assert.match(pulled.stderr, /holds "escape" as a link, which is never restored/);
    assert.equal(await Deno.lstat(join(b, "escape")).then(() => true, () => false), false);
    assert.equal(await Deno.readTextFile(join(outside, "secret.txt")), "outside the pack folder");
    assert.deepEqual(
      [...Deno.readDirSync(outside)].map((e) => e.name),
      ["secret.txt"],
      "nothing written outside",
    );
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
    await Deno.remove(outside, { recursive: true }).catch(() => {});
  }
});
