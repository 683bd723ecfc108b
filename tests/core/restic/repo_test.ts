import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { UsageError } from "../../../core/errors.ts";
import { redact, repoTarget, resticEnv, scrub } from "../../../core/restic/repo.ts";

const TOKEN = { id: "123456789", password: "p@ss:w/rd" };
const ID = "01JD0000000000000000000000";

Deno.test("an https url becomes a rest: repository under <id>/<instance_id>/ with encoded credentials", () => {
  const t = repoTarget("https://sync.example.org:8443/mc/", TOKEN, ID);
  assert.equal(t.kind, "rest");
  assert.equal(
    t.repository,
    `rest:https://123456789:p%40ss%3Aw%2Frd@sync.example.org:8443/mc/123456789/${ID}/`,
  );
  assert.equal(t.restBase, `https://sync.example.org:8443/mc/123456789/${ID}/`);
  assert.deepEqual(t.auth, { user: "123456789", password: "p@ss:w/rd" });
  assert.equal(t.password, "p@ss:w/rd");
  assert.equal(t.display, `rest:https://123456789:***@sync.example.org:8443/mc/123456789/${ID}/`);
  assert.ok(!t.display.includes("p%40ss") && !t.display.includes("p@ss"));
});

Deno.test("plain http is accepted for a loopback server and refused for any other host", () => {
  for (const host of ["127.0.0.1:8000", "localhost", "[::1]:9000"]) {
    assert.equal(repoTarget(`http://${host}`, TOKEN, ID).kind, "rest");
  }
  assert.throws(() => repoTarget("http://sync.example.org", TOKEN, ID), UsageError);
  assert.throws(() => repoTarget("http://192.168.1.5:8000", TOKEN, ID), /Refusing plain http/);
});

Deno.test("a folder url becomes <folder>/<instance_id>, resolved to an absolute local path", () => {
  assert.deepEqual(
    repoTarget("/srv/backups/", TOKEN, ID),
    {
      kind: "local",
      repository: `/srv/backups/${ID}`,
      password: TOKEN.password,
      display: `/srv/backups/${ID}`,
      server: "/srv/backups",
      localPath: `/srv/backups/${ID}`,
    },
  );
  assert.equal(repoTarget("backups", TOKEN, ID).localPath, join(resolve("backups"), ID));
  assert.equal(repoTarget("local:/srv/x", TOKEN, ID).localPath, `/srv/x/${ID}`);
});

Deno.test("sftp:, s3: and other restic locations get /<instance_id> appended and kind other", () => {
  const t = repoTarget("sftp:user@host:/srv/restic", TOKEN, ID);
  assert.equal(t.kind, "other");
  assert.equal(t.repository, `sftp:user@host:/srv/restic/${ID}`);
  assert.equal(
    repoTarget("s3:https://s3.amazonaws.com/bucket/", TOKEN, ID).repository,
    `s3:https://s3.amazonaws.com/bucket/${ID}`,
  );
  assert.equal(
    repoTarget("s3:https://key:secret@s3.example/b", TOKEN, ID).display,
    `s3:https://***@s3.example/b/${ID}`,
  );
});

Deno.test("redact() hides user:password@ in urls of any scheme inside any text", () => {
  assert.equal(
    redact('Head "http://alice:pw1@127.0.0.1:8000/alice/x/config": dial tcp'),
    'Head "http://***@127.0.0.1:8000/alice/x/config": dial tcp',
  );
  assert.equal(
    redact("rest:https://u:p%40ss@h/ and sftp://bob:pw@host/"),
    "rest:https://***@h/ and sftp://***@host/",
  );
  assert.equal(redact("no secrets here"), "no secrets here");
});

Deno.test("scrub() also hides the bare password, raw and url-encoded", () => {
  const t = repoTarget("https://h", TOKEN, ID);
  assert.equal(scrub("key p@ss:w/rd and p%40ss%3Aw%2Frd", t), "key *** and ***");
});

Deno.test("resticEnv() carries the repository and the password, which never go on argv", () => {
  const t = repoTarget("https://h", TOKEN, ID);
  assert.deepEqual(resticEnv(t), { RESTIC_REPOSITORY: t.repository, RESTIC_PASSWORD: TOKEN.password });
});
