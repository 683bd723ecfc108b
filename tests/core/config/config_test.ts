import assert from "node:assert/strict";
import { join } from "node:path";
import { resolveInstanceLabel } from "../../../core/config/label.ts";
import { deleteConfig, disableConfig, enableConfig, initConfig } from "../../../core/config/lifecycle.ts";
import { instancePaths, resolvePackFolder } from "../../../core/config/paths.ts";
import { DEFAULT_INCLUDE } from "../../../core/config/scope.ts";
import { parseScope } from "../../../core/config/scopeSchema.ts";
import { readSyncJson, writeSyncJson } from "../../../core/config/syncJson.ts";
import { parseSyncJson } from "../../../core/config/syncJsonSchema.ts";
import { parseToken, readTokenFile } from "../../../core/config/token.ts";
import { ConfigError, UsageError } from "../../../core/errors.ts";

const ID = "01JD0000000000000000000000";

async function tempPack(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "is-config-" });
}

Deno.test("initConfig mints a ULID and writes sync.json and a 0600 token", async () => {
  const pack = await tempPack();
  const paths = instancePaths(pack);
  const cfg = await initConfig(paths, { url: "https://sync.example", token: { id: "42", password: "pw" } });
  assert.match(cfg.instance_id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(paths.syncJson)), {
    instance_id: cfg.instance_id,
    url: "https://sync.example",
  });
  assert.equal(await Deno.readTextFile(paths.token), "42:pw\n");
  if (Deno.build.os !== "windows") assert.equal((await Deno.stat(paths.token)).mode! & 0o777, 0o600);
});

Deno.test("initConfig refuses over an existing sync.json and changes nothing", async () => {
  const pack = await tempPack();
  const paths = instancePaths(pack);
  await writeSyncJson(paths, { instance_id: ID, url: "x" });
  const before = await Deno.readTextFile(paths.syncJson);
  await assert.rejects(() => initConfig(paths, { url: "y", token: { id: "a", password: "b" } }), UsageError);
  assert.equal(await Deno.readTextFile(paths.syncJson), before);
  await assert.rejects(() => Deno.stat(paths.token), Deno.errors.NotFound);
});

Deno.test("initConfig refuses when sync.json.disabled exists and points at enable", async () => {
  const paths = instancePaths(await tempPack());
  await Deno.mkdir(paths.configDir);
  await Deno.writeTextFile(paths.syncJsonDisabled, JSON.stringify({ instance_id: ID, url: "x" }));
  const err = await initConfig(paths, { url: "y", token: { id: "a", password: "b" } }).catch((e) => e);
  assert.ok(err instanceof UsageError);
  assert.match(err.hint ?? "", /enable/);
});

Deno.test("disable then enable keeps the same instance id, url and unknown fields", async () => {
  const paths = instancePaths(await tempPack());
  await Deno.mkdir(paths.configDir);
  const original = { instance_id: ID, url: "https://a.example", extra: { keep: [1, 2] } };
  await Deno.writeTextFile(paths.syncJson, JSON.stringify(original));
  assert.equal(await disableConfig(paths), "disabled");
  assert.equal(await readSyncJson(paths), null);
  assert.equal(await disableConfig(paths), "already-disabled");
  assert.equal(await enableConfig(paths), "enabled");
  assert.deepEqual(await readSyncJson(paths), original);
  await writeSyncJson(paths, (await readSyncJson(paths))!);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(paths.syncJson)), original);
});

Deno.test("disable says there is nothing to disable in a fresh folder", async () => {
  assert.equal(await disableConfig(instancePaths(await tempPack())), "nothing-to-disable");
});

Deno.test("enable refuses to clobber an active sync.json", async () => {
  const paths = instancePaths(await tempPack());
  await Deno.mkdir(paths.configDir);
  await Deno.writeTextFile(paths.syncJson, JSON.stringify({ instance_id: ID, url: "a" }));
  await Deno.writeTextFile(paths.syncJsonDisabled, JSON.stringify({ instance_id: ID, url: "b" }));
  const err = await enableConfig(paths).catch((e) => e);
  assert.ok(err instanceof UsageError);
  assert.equal(err.exitCode, 2);
  assert.ok(err.message.includes(paths.syncJson));
  assert.equal(JSON.parse(await Deno.readTextFile(paths.syncJsonDisabled)).url, "b");
});

Deno.test("deleteConfig removes both forms", async () => {
  const paths = instancePaths(await tempPack());
  await Deno.mkdir(paths.configDir);
  await Deno.writeTextFile(paths.syncJson, "{}");
  await Deno.writeTextFile(paths.syncJsonDisabled, "{}");
  assert.equal(await deleteConfig(paths), true);
  assert.deepEqual([...Deno.readDirSync(paths.configDir)], []);
  assert.equal(await deleteConfig(paths), false);
});

Deno.test("parseSyncJson names the file and the field that is wrong", () => {
  const cases: [string, RegExp][] = [
    ["{", /not valid JSON/],
    ["[]", /expected object/i],
    [JSON.stringify({ instance_id: 5, url: "x" }), /"instance_id"/],
    [JSON.stringify({ instance_id: "not-a-ulid", url: "x" }), /"instance_id" must be a ULID/],
    [JSON.stringify({ instance_id: ID }), /"url"/],
    [JSON.stringify({ instance_id: ID, url: "" }), /"url" must not be empty/],
  ];
  for (const [text, re] of cases) {
    const err = (() => {
      try {
        parseSyncJson(text, "/p/sync.json");
      } catch (e) {
        return e as ConfigError;
      }
    })();
    assert.ok(err instanceof ConfigError, text);
    assert.match(err.message, /"\/p\/sync\.json"/);
    assert.match(err.message, re, text);
    assert.ok(!err.message.includes("\n"), "one line");
  }
});

Deno.test("parseToken splits at the first colon and rejects tokens without one", () => {
  assert.deepEqual(parseToken("123:pa:ss\r\n", "t"), { id: "123", password: "pa:ss" });
  assert.throws(() => parseToken("nocolon", "t"), /no ":" found/);
  assert.throws(() => parseToken(":pw", "t"), /empty id/);
  assert.throws(() => parseToken("id:", "t"), /empty password/);
  assert.throws(() => parseToken("", "t"), /empty/);
  assert.throws(() => parseToken("a:b\nc:d", "t"), /single line/);
});

Deno.test("readTokenFile tightens a world-readable token and warns without printing it", async () => {
  if (Deno.build.os === "windows") return console.log("skipped: POSIX file modes only");
  const file = join(await tempPack(), "token");
  await Deno.writeTextFile(file, "id:secretpw\n", { mode: 0o644 });
  await Deno.chmod(file, 0o644);
  const warnings: string[] = [];
  assert.deepEqual(await readTokenFile(file, (m) => warnings.push(m)), { id: "id", password: "secretpw" });
  assert.equal(warnings.length, 1);
  assert.ok(!warnings[0].includes("secretpw"));
  assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
});

Deno.test("parseScope defaults and rejects traversal, absolute paths and .cloud-sync", () => {
  assert.deepEqual(parseScope("{}", "s").include, [...DEFAULT_INCLUDE]);
  assert.deepEqual(parseScope(JSON.stringify({ include: ["./saves/", "config\\mods"] }), "s").include, [
    "saves",
    "config/mods",
  ]);
  for (const bad of ["../x", "saves/../../x", "/etc", "C:\\x", ".cloud-sync", ".cloud-sync/token", ".", ""]) {
    assert.throws(() => parseScope(JSON.stringify({ include: [bad] }), "/p/scope.json"), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /"\/p\/scope\.json": "include\.0"/);
      return true;
    }, bad);
  }
  assert.throws(() => parseScope(JSON.stringify({ include: "saves" }), "s"), /"include"/);
  assert.throws(() => parseScope(JSON.stringify({ includes: [] }), "s"), /includes/);
});

Deno.test("resolveInstanceLabel prefers the flag, then INST_NAME, INST_ID, then the id", () => {
  assert.equal(resolveInstanceLabel("Flag", { INST_NAME: "N", INST_ID: "I" }, ID), "Flag");
  assert.equal(resolveInstanceLabel(undefined, { INST_NAME: "N", INST_ID: "I" }, ID), "N");
  assert.equal(resolveInstanceLabel(undefined, { INST_ID: "I" }, ID), "I");
  assert.equal(resolveInstanceLabel(undefined, {}, ID), ID.slice(0, 8));
});

Deno.test("resolveInstanceLabel takes the label remembered in sync.json after INST_NAME, before INST_ID", () => {
  assert.equal(resolveInstanceLabel(undefined, { INST_NAME: "N", INST_ID: "I" }, ID, "Saved"), "N");
  assert.equal(resolveInstanceLabel(undefined, { INST_ID: "I" }, ID, "Saved"), "Saved");
  assert.equal(resolveInstanceLabel(undefined, {}, ID, " "), ID.slice(0, 8));
  assert.equal(resolveInstanceLabel(undefined, {}, ID, 42), ID.slice(0, 8)); // not a string: ignored
});

Deno.test("resolvePackFolder uses the flag, then INST_MC_DIR, then cwd, and rejects missing folders", async () => {
  const a = await tempPack();
  const b = await tempPack();
  assert.equal(await resolvePackFolder(a, { INST_MC_DIR: b }, "/"), a);
  assert.equal(await resolvePackFolder(undefined, { INST_MC_DIR: b }, "/"), b);
  assert.equal(await resolvePackFolder(undefined, {}, a), a);
  await assert.rejects(() => resolvePackFolder(join(a, "nope"), {}, "/"), /--pack-folder.*|does not exist/);
  await assert.rejects(
    () => resolvePackFolder(undefined, { INST_MC_DIR: join(a, "nope") }, "/"),
    /\$INST_MC_DIR/,
  );
});

Deno.test("initConfig stores a relative repository folder as an absolute path; server urls stay as given", async () => {
  const paths = instancePaths(await tempPack());
  const cfg = await initConfig(paths, { url: "repos/here", token: { id: "a", password: "b" } });
  assert.equal(cfg.url, join(Deno.cwd(), "repos/here"));
  const other = instancePaths(await tempPack());
  assert.equal(
    (await initConfig(other, { url: "sftp:me@host:/srv", token: { id: "a", password: "b" } })).url,
    "sftp:me@host:/srv",
  );
});
