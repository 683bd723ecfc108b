/**
 * `Instance.snapshots()`: the in-process reader answers when it can; when it fails, restic answers
 * (with a debug line), and the answer is the same. A file that fails authentication is not a failure
 * of the reader but a verdict: it is thrown, never papered over by asking restic.
 */
import { derivedPasswordOf } from "../../helpers/derived.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { scrypt } from "@noble/hashes/scrypt.js";
import { seal, splitKey } from "../../../core/repo/crypto.ts";
import { IntegrityError } from "../../../core/repo/errors.ts";
import { openKeyFile, toBase64 } from "../../../core/repo/keyFile.ts";
import { Instance } from "../../../core/sync/instance.ts";
import { push } from "../../../core/sync/push.ts";
import { resticSpy } from "../../helpers/resticSpy.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { Machine, RecordingReporter } from "./world.ts";

const TOKEN = { id: "player", password: "fallback-Secret-1" };

class DebugReporter extends RecordingReporter {
  debug(m: string) {
    this.lines.push(`debug: ${m}`);
  }
}

/**
 * Replaces the repository's key file with one whose scrypt parameters (r = 33) the reader refuses
 * but restic accepts: a real repository the in-process path cannot open, made on demand.
 */
async function keyFileOnlyResticOpens(repo: string, password: string): Promise<void> {
  // The token's key file (the repository also holds the fast key, which the token does not open).
  let name = "";
  let master;
  for (const e of Deno.readDirSync(join(repo, "keys"))) {
    master = await openKeyFile(await Deno.readTextFile(join(repo, "keys", e.name)), password, e.name);
    if (master) {
      name = e.name;
      break;
    }
  }
  if (!master) throw new Error("no key file opens with the token");
  const salt = crypto.getRandomValues(new Uint8Array(64));
  const params = { N: 16, r: 33, p: 1 };
  const user = splitKey(scrypt(new TextEncoder().encode(password), salt, { ...params, dkLen: 64 }));
  const payload = JSON.stringify({
    mac: { k: toBase64(master.macK), r: toBase64(master.macR) },
    encrypt: toBase64(master.encrypt),
  });
  const data = await seal(
    user,
    new TextEncoder().encode(payload),
    crypto.getRandomValues(new Uint8Array(16)),
  );
  const text = JSON.stringify({
    created: new Date().toISOString(),
    username: "test",
    hostname: "test",
    kdf: "scrypt",
    ...params,
    salt: toBase64(salt),
    data: toBase64(data),
  });
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  const id = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  await Deno.writeTextFile(join(repo, "keys", id), text);
  await Deno.remove(join(repo, "keys", name));
}

Deno.test("snapshots() falls back to restic when the in-process read fails, with the same answer", async () => {
  await using tmp = await tempDir();
  const spy = await resticSpy(tmp.path);
  const a = await Machine.create("pc-a", spy.path);
  const id = await a.init(join(tmp.path, "repos"), TOKEN);
  await a.write({ "saves/W/level.dat": "v1" });
  const env = { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "cache") };
  const pushed = await push(a.options({ env }));
  await keyFileOnlyResticOpens(join(tmp.path, "repos", id), derivedPasswordOf(TOKEN.password));
  const reporter = new DebugReporter();
  // A fresh cache: the key must be derived from the key file, which the reader refuses.
  const inst = (await Instance.open({
    ...a.options({ env: { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "c2") } }),
    reporter,
  }))!;
  const before = (await spy.calls()).length;
  const snapshots = await inst.snapshots();
  assert.deepEqual(snapshots.map((s) => s.id), [pushed.snapshot]);
  // `version`: this instance's fresh cache folder holds no memo of the probed restic version yet.
  const asked = (await spy.calls()).slice(before).map((c) => c.split(" ")[0]).filter((c) => c !== "version");
  assert.deepEqual(asked, ["snapshots"]);
  assert.match(
    reporter.text(),
    /debug: reading snapshots in-process failed, asking restic: .*scrypt parameters/,
  );
  assert.ok(!reporter.text().includes(TOKEN.password));
  await Deno.remove(a.pack, { recursive: true });
});

Deno.test("snapshots() refuses a tampered snapshot file instead of asking restic", async () => {
  await using tmp = await tempDir();
  const spy = await resticSpy(tmp.path);
  const a = await Machine.create("pc-a", spy.path);
  const id = await a.init(join(tmp.path, "repos"), TOKEN);
  await a.write({ "saves/W/level.dat": "v1" });
  const env = { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "cache") };
  const pushed = await push(a.options({ env }));
  const file = join(tmp.path, "repos", id, "snapshots", pushed.snapshot!);
  const bytes = await Deno.readFile(file);
  bytes[bytes.length - 1] ^= 0x80; // the MAC itself
  await Deno.writeFile(file, bytes);
  const inst = (await Instance.open(a.options({ env })))!;
  const before = (await spy.calls()).length;
  await assert.rejects(() => inst.snapshots(), IntegrityError);
  assert.deepEqual((await spy.calls()).slice(before), [], "restic was not asked to paper over it");
  await Deno.remove(a.pack, { recursive: true });
});

Deno.test("snapshotEntries() falls back to restic ls when the in-process read fails, with the same answer", async () => {
  await using tmp = await tempDir();
  const spy = await resticSpy(tmp.path);
  const a = await Machine.create("pc-a", spy.path);
  const id = await a.init(join(tmp.path, "repos"), TOKEN);
  await a.write({ "saves/W/level.dat": "v1", "saves/W/region/r.0.0.mca": "r", "options.txt": "o" });
  const env = { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "cache") };
  const pushed = await push(a.options({ env }));
  const inProcess = await (await Instance.open(a.options({ env })))!.snapshotEntries(pushed.snapshot!);
  await keyFileOnlyResticOpens(join(tmp.path, "repos", id), derivedPasswordOf(TOKEN.password));
  const reporter = new DebugReporter();
  const inst = (await Instance.open({
    ...a.options({ env: { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "c2") } }),
    reporter,
  }))!;
  const before = (await spy.calls()).length;
  assert.deepEqual(await inst.snapshotEntries(pushed.snapshot!), inProcess);
  assert.ok(inProcess.some((e) => e.path === "saves/W/region/r.0.0.mca"));
  const asked = (await spy.calls()).slice(before).map((c) => c.split(" ")[0]).filter((c) => c !== "version");
  assert.deepEqual(asked, ["ls"]);
  assert.match(
    reporter.text(),
    /debug: listing a snapshot in-process failed, asking restic: .*scrypt parameters/,
  );
  assert.ok(!reporter.text().includes(TOKEN.password));
  await Deno.remove(a.pack, { recursive: true });
});

Deno.test("snapshotEntries() refuses a tampered tree pack instead of asking restic", async () => {
  await using tmp = await tempDir();
  const spy = await resticSpy(tmp.path);
  const a = await Machine.create("pc-a", spy.path);
  const id = await a.init(join(tmp.path, "repos"), TOKEN);
  await a.write({ "saves/W/level.dat": "v1" });
  const env = { INSTANCE_SYNC_CACHE_DIR: join(tmp.path, "cache") };
  const pushed = await push(a.options({ env }));
  const data = join(tmp.path, "repos", id, "data");
  for (const sub of Deno.readDirSync(data)) {
    for (const pack of Deno.readDirSync(join(data, sub.name))) {
      const file = join(data, sub.name, pack.name);
      const bytes = await Deno.readFile(file);
      for (let i = 0; i < bytes.length; i += 16) bytes[i] ^= 0x01; // every blob of every pack
      await Deno.writeFile(file, bytes);
    }
  }
  const inst = (await Instance.open(a.options({ env })))!;
  const before = (await spy.calls()).length;
  await assert.rejects(() => inst.snapshotEntries(pushed.snapshot!), IntegrityError);
  assert.deepEqual((await spy.calls()).slice(before), [], "restic was not asked to paper over it");
  await Deno.remove(a.pack, { recursive: true });
});
