/** Path logic in Windows and POSIX forms (item 3 of the release issue), testable on any OS. */
import assert from "node:assert/strict";
import { defaultLocalRepositoryRoot } from "../../core/config/defaults.ts";
import { parseScope } from "../../core/config/scopeSchema.ts";
import { parseToken } from "../../core/config/token.ts";
import { parseSyncJson } from "../../core/config/syncJsonSchema.ts";
import { repoTarget } from "../../core/restic/repo.ts";
import { worldOf } from "../../core/worlds/worlds.ts";
import { cachedBinaryName } from "../../core/restic/download.ts";

const ID = "01JD0000000000000000000000";

Deno.test("the default repository folder follows each OS's conventions", () => {
  assert.equal(
    defaultLocalRepositoryRoot({ LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }, "windows"),
    "C:\\Users\\me\\AppData\\Local\\instance-sync\\repositories",
  );
  assert.equal(
    defaultLocalRepositoryRoot({ HOME: "/Users/me" }, "darwin"),
    "/Users/me/Library/Application Support/instance-sync/repositories",
  );
  assert.equal(
    defaultLocalRepositoryRoot({ HOME: "/home/me" }, "linux"),
    "/home/me/.local/share/instance-sync/repositories",
  );
  assert.equal(
    defaultLocalRepositoryRoot({ HOME: "/h", XDG_DATA_HOME: "/x" }, "linux"),
    "/x/instance-sync/repositories",
  );
});

Deno.test("scope paths in Windows form are normalised, and drive letters and UNC paths are refused", () => {
  assert.deepEqual(
    parseScope(JSON.stringify({ include: ["saves\\World", ".\\screenshots\\"] }), "s").include,
    [
      "saves/World",
      "screenshots",
    ],
  );
  for (const bad of ["C:\\Users\\x", "c:/x", "\\\\server\\share", "..\\..\\Windows"]) {
    assert.throws(() => parseScope(JSON.stringify({ include: [bad] }), "scope.json"), /include\.0/, bad);
  }
});

Deno.test("a Windows drive path in sync.json is a local repository, not a URL scheme", () => {
  const t = repoTarget("C:\\Games\\repos", { id: "me", password: "pw" }, ID);
  assert.equal(t.kind, "local");
  assert.equal(repoTarget("sftp:host:/srv", { id: "me", password: "pw" }, ID).kind, "other");
});

Deno.test("config files written on Windows (CRLF, BOM) parse the same", () => {
  assert.deepEqual(parseToken("\uFEFFme:pw\r\n", "token"), { id: "me", password: "pw" });
  assert.equal(parseSyncJson(`\uFEFF{\r\n "instance_id": "${ID}",\r\n "url": "x"\r\n}\r\n`, "s").url, "x");
});

Deno.test("world folders are recognised with either separator", () => {
  assert.equal(worldOf("saves\\My World\\region\\r.0.0.mca"), "saves/My World");
  assert.equal(worldOf("saves/My World/level.dat"), "saves/My World");
  assert.equal(worldOf("screenshots/a.png"), null);
});

Deno.test("the downloaded restic is named per OS", () => {
  assert.match(cachedBinaryName("0.19.1", "windows"), /^restic-0\.19\.1\.exe$/);
  assert.match(cachedBinaryName("0.19.1", "linux"), /^restic-0\.19\.1$/);
});
