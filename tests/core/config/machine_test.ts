import assert from "node:assert/strict";
import { join } from "node:path";
import { machineId, machineIdFile, madeHere, userConfigDir } from "../../../core/config/machine.ts";
import { ConfigError } from "../../../core/errors.ts";
import { withTempDir } from "../../helpers/tmp.ts";

Deno.test("userConfigDir follows each OS's convention and honours INSTANCE_SYNC_CONFIG_DIR", () => {
  assert.equal(userConfigDir({ HOME: "/home/me" }, "linux"), "/home/me/.config/instance-sync");
  assert.equal(userConfigDir({ HOME: "/home/me", XDG_CONFIG_HOME: "/x" }, "linux"), "/x/instance-sync");
  assert.equal(
    userConfigDir({ HOME: "/Users/me" }, "darwin"),
    "/Users/me/Library/Application Support/instance-sync",
  );
  assert.equal(
    userConfigDir({ APPDATA: "C:\\Users\\me\\AppData\\Roaming" }, "windows"),
    "C:\\Users\\me\\AppData\\Roaming\\instance-sync",
  );
  assert.equal(userConfigDir({ INSTANCE_SYNC_CONFIG_DIR: "/cfg", HOME: "/home/me" }, "linux"), "/cfg");
  assert.equal(userConfigDir({}, "linux"), null, "no home: no identity rather than a guess");
  assert.equal(machineIdFile({ XDG_CONFIG_HOME: "/x" }, "linux"), "/x/instance-sync/machine-id");
});

Deno.test("machineId mints a ULID once and returns the same one on every later run", async () => {
  await withTempDir(async (dir) => {
    const env = { XDG_CONFIG_HOME: dir, HOME: "/nonexistent" };
    const warnings: string[] = [];
    const first = await machineId(env, (m) => warnings.push(m));
    assert.match(first ?? "", /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(await machineId(env, (m) => warnings.push(m)), first);
    assert.equal((await Deno.readTextFile(join(dir, "instance-sync/machine-id"))).trim(), first);
    const other = await machineId({ XDG_CONFIG_HOME: join(dir, "other") }, () => {});
    assert.notEqual(other, first, "another config folder is another computer");
    assert.deepEqual(warnings, []);
  });
});

Deno.test("machineId refuses a machine-id file that holds something else, naming the file", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(join(dir, "instance-sync"));
    await Deno.writeTextFile(join(dir, "instance-sync/machine-id"), "not an id\n");
    const err = await machineId({ XDG_CONFIG_HOME: dir }, () => {}).catch((e) => e);
    assert.ok(err instanceof ConfigError);
    assert.equal(err.exitCode, 2);
    assert.match(err.message, /machine-id".*ULID/);
    assert.equal(await Deno.readTextFile(join(dir, "instance-sync/machine-id")), "not an id\n", "unchanged");
  });
});

Deno.test("machineId warns and returns null when the config folder cannot be created", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "file"), "a file where the folder should be");
    const warnings: string[] = [];
    assert.equal(
      await machineId({ INSTANCE_SYNC_CONFIG_DIR: join(dir, "file", "sub") }, (m) => warnings.push(m)),
      null,
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /host name/);
  });
});

Deno.test("madeHere decides by machine id, and by host name only for snapshots without one", () => {
  const me = { machineId: "01AAAAAAAAAAAAAAAAAAAAAAAA", host: "steamdeck" };
  const tagged = (id: string) => ({ host: "steamdeck", tags: ["instance-sync", `machine=${id}`] });
  assert.equal(madeHere(tagged(me.machineId), me), true);
  assert.equal(madeHere(tagged("01BBBBBBBBBBBBBBBBBBBBBBBB"), me), false, "same host name, other computer");
  assert.equal(madeHere({ host: "steamdeck", tags: ["instance-sync"] }, me), true, "old snapshot: host name");
  assert.equal(madeHere({ host: "laptop", tags: [] }, me), false);
  assert.equal(madeHere(tagged(me.machineId), { machineId: null, host: "steamdeck" }), false);
});
