import assert from "node:assert/strict";
import { join } from "node:path";
import { describePackIgnore, ensurePackIgnore } from "../../../core/config/packignore.ts";
import { withTempDir, writeTree } from "../../helpers/tmp.ts";

/** A Prism/MultiMC instance root: instance.cfg beside the game folder. */
async function prismInstance(root: string, game = ".minecraft", extra: Record<string, string> = {}) {
  await writeTree(root, { "instance.cfg": "InstanceType=OneSix\n", [`${game}/options.txt`]: "", ...extra });
  return join(root, game);
}

Deno.test("ensurePackIgnore creates .packignore with the .cloud-sync entry in a Prism instance", async () => {
  await withTempDir(async (root) => {
    const pack = await prismInstance(root);
    const r = await ensurePackIgnore(pack);
    assert.equal(r.kind, "created");
    assert.equal(await Deno.readTextFile(join(root, ".packignore")), ".minecraft/.cloud-sync\n");
    assert.match(describePackIgnore(r)!.message, /created ".*\.packignore": "\.minecraft\/\.cloud-sync"/);
  });
});

Deno.test("ensurePackIgnore appends to an existing .packignore and keeps its lines", async () => {
  await withTempDir(async (root) => {
    const pack = await prismInstance(root, "minecraft", {
      ".packignore": "minecraft/screenshots\r\nnotes.txt",
    });
    assert.equal((await ensurePackIgnore(pack)).kind, "added");
    assert.equal(
      await Deno.readTextFile(join(root, ".packignore")),
      "minecraft/screenshots\r\nnotes.txt\nminecraft/.cloud-sync\n",
    );
  });
});

Deno.test("ensurePackIgnore leaves a .packignore alone that already names the folder", async () => {
  for (const line of [".minecraft/.cloud-sync", "./.minecraft/.cloud-sync/", ".minecraft\\.cloud-sync"]) {
    await withTempDir(async (root) => {
      const text = `saves-backup\n${line}\n`;
      const pack = await prismInstance(root, ".minecraft", { ".packignore": text });
      const r = await ensurePackIgnore(pack);
      assert.equal(r.kind, "already-there", line);
      assert.equal(describePackIgnore(r), null);
      assert.equal(await Deno.readTextFile(join(root, ".packignore")), text, "not rewritten");
    });
  }
});

Deno.test("ensurePackIgnore does nothing outside a Prism/MultiMC instance", async () => {
  await withTempDir(async (root) => {
    await writeTree(root, { ".minecraft/options.txt": "" });
    assert.equal((await ensurePackIgnore(join(root, ".minecraft"))).kind, "not-a-launcher-instance");
    await assert.rejects(Deno.stat(join(root, ".packignore")), Deno.errors.NotFound);
  });
});

Deno.test("ensurePackIgnore reports a .packignore it cannot write as a warning, not an error", async () => {
  await withTempDir(async (root) => {
    const pack = await prismInstance(root);
    await Deno.mkdir(join(root, ".packignore")); // a folder in its place: unreadable and unwritable as a file
    const r = await ensurePackIgnore(pack);
    assert.equal(r.kind, "failed");
    const said = describePackIgnore(r)!;
    assert.equal(said.warn, true);
    assert.match(said.message, /Cannot add "\.minecraft\/\.cloud-sync" to ".*\.packignore".*by hand/);
  });
});
