/**
 * The restic locations no test here can reach (S3, B2, Azure, Google Cloud Storage, Swift) proven on
 * paper: the url `init` accepts and the repository string restic is given, in restic's own address
 * forms (restic's docs, "Preparing a new repository"). And what a failure of restic's helper programs
 * (rclone, ssh) becomes, from restic 0.19.1's real output.
 */
import assert from "node:assert/strict";
import { validateUrl } from "../../../core/config/url.ts";
import {
  AuthError,
  BackendToolMissingError,
  OfflineError,
  RepositoryMissingError,
  ResticError,
  ResticUnavailableError,
  UsageError,
} from "../../../core/errors.ts";
import { classifyFailure } from "../../../core/restic/failure.ts";
import { repoTarget, resticEnv } from "../../../core/restic/repo.ts";

const TOKEN = { id: "player", password: "drive-secret" };
const ID = "01JD0000000000000000000000";

const ON_PAPER: [url: string, repository: string][] = [
  ["s3:s3.amazonaws.com/my-bucket", `s3:s3.amazonaws.com/my-bucket/${ID}`],
  [
    "s3:https://s3.eu-central-1.amazonaws.com/my-bucket/mc/",
    `s3:https://s3.eu-central-1.amazonaws.com/my-bucket/mc/${ID}`,
  ],
  ["s3:http://192.168.1.5:9000/minio-bucket", `s3:http://192.168.1.5:9000/minio-bucket/${ID}`],
  ["b2:my-bucket:minecraft", `b2:my-bucket:minecraft/${ID}`],
  ["azure:my-container:/minecraft", `azure:my-container:/minecraft/${ID}`],
  ["gs:my-bucket:/minecraft", `gs:my-bucket:/minecraft/${ID}`],
  ["swift:my-container:/minecraft", `swift:my-container:/minecraft/${ID}`],
  ["sftp:user@nas.local:/srv/restic", `sftp:user@nas.local:/srv/restic/${ID}`],
  ["sftp://user@nas.local:2222//srv/restic", `sftp://user@nas.local:2222//srv/restic/${ID}`],
  ["rclone:gdrive:instance-sync", `rclone:gdrive:instance-sync/${ID}`],
  ["rclone::local:/mnt/usb/sync", `rclone::local:/mnt/usb/sync/${ID}`],
];

Deno.test("init accepts S3, B2, Azure, GCS, Swift, SFTP and rclone locations as written, and each instance is a folder under it", () => {
  for (const [url, repository] of ON_PAPER) {
    assert.equal(validateUrl(url), url, url);
    const t = repoTarget(url, TOKEN, ID);
    assert.equal(t.kind, "other", url);
    assert.equal(t.repository, repository);
    assert.equal(t.server, url.replace(/\/+$/, ""));
    // The token's password encrypts the repository; the token's id appears nowhere in the location.
    assert.deepEqual(resticEnv(t), { RESTIC_REPOSITORY: repository, RESTIC_PASSWORD: "drive-secret" });
    assert.ok(!t.repository.includes("player"), url);
  }
});

Deno.test("init refuses a restic location with a password in it or nothing after the scheme", () => {
  for (
    const url of [
      "s3:",
      "rclone:",
      "sftp://user:hunter2@nas.local//srv",
      "s3:https://key:secret@minio.local/b",
    ]
  ) {
    assert.throws(() => validateUrl(url), UsageError, url);
  }
});

const where = (url: string) => repoTarget(url, TOKEN, ID);
const exitError = (code: number, message: string) =>
  JSON.stringify({ message_type: "exit_error", code, message });

Deno.test("restic without rclone or ssh is a missing tool that names what to install", () => {
  const rclone = classifyFailure({
    code: 1,
    command: "snapshots",
    stderr: [
      exitError(
        1,
        `Fatal: unable to open repository at rclone:gdrive:x: exec: "rclone": executable file not found in $PATH`,
      ),
    ],
  }, where("rclone:gdrive:x"));
  assert.ok(rclone instanceof BackendToolMissingError && rclone instanceof ResticUnavailableError);
  assert.match(rclone.message, /needs rclone, which is not installed/);
  assert.match(rclone.hint ?? "", /https:\/\/rclone\.org\/install\//);
  const ssh = classifyFailure({
    code: 1,
    command: "snapshots",
    stderr: [
      exitError(
        1,
        `Fatal: unable to open repository at sftp:nas:/x: exec: "ssh": executable file not found in $PATH`,
      ),
    ],
  }, where("sftp:nas:/x"));
  assert.ok(ssh instanceof BackendToolMissingError);
  assert.match(ssh.message, /needs ssh/);
});

Deno.test("an rclone remote rclone does not know, and an ssh login the server refuses, say so", () => {
  const remote = classifyFailure({
    code: 1,
    command: "snapshots",
    stderr: [
      `rclone: 2026/12/07 09:12:23 Failed to create file system for "gdrive:x": didn't find section in config file`,
      exitError(
        1,
        "Fatal: unable to open repository at rclone:gdrive:x: error talking HTTP to rclone: exit status 1",
      ),
    ],
  }, where("rclone:gdrive:x"));
  assert.ok(remote instanceof ResticError);
  assert.match(remote.message, /rclone has no remote named "gdrive"/);
  const refused = classifyFailure({
    code: 1,
    command: "snapshots",
    stderr: ["subprocess ssh: user@nas.local: Permission denied (publickey)."],
  }, where("sftp:user@nas.local:/x"));
  assert.ok(refused instanceof AuthError);
  assert.equal(refused.exitCode, 5);
});

Deno.test("restic's exit 10 on a location is a missing repository (the listing reads it as nothing uploaded)", () => {
  const e = classifyFailure({
    code: 10,
    command: "snapshots",
    stderr: [exitError(10, "Fatal: repository does not exist: unable to open config file")],
  }, where("rclone:gdrive:x"));
  assert.ok(e instanceof RepositoryMissingError);
});

Deno.test("an SFTP session that never started is offline, even when ssh's own reason never arrived", () => {
  const e = classifyFailure({
    code: 1,
    command: "snapshots",
    stderr: [
      exitError(
        1,
        "Fatal: unable to open repository at sftp:nas:/x: unable to start the sftp session, error: error " +
          "receiving version packet from server: read |0: file already closed",
      ),
    ],
  }, where("sftp:nas:/x"));
  assert.ok(e instanceof OfflineError, String(e));
  assert.equal(e.message, 'Cannot reach "sftp:nas:/x": the SSH connection failed');
});

Deno.test("a cloud drive that refuses rclone's login is an authentication failure (exit 5) naming the remote", () => {
  const e = classifyFailure({
    code: 1,
    command: "snapshots",
    stderr: [
      `rclone: 2026/12/07 10:07:38 Failed to create file system for "cloud:x": read metadata failed: ` +
      "Unauthorized: 401 Unauthorized",
      exitError(
        1,
        "Fatal: unable to open repository at rclone:cloud:x: error talking HTTP to rclone: exit status 1",
      ),
    ],
  }, where("rclone:cloud:x"));
  assert.ok(e instanceof AuthError, String(e));
  assert.equal(e.exitCode, 5);
  assert.match(e.message, /the cloud drive refused rclone's login/);
  assert.match(e.hint ?? "", /rclone config reconnect cloud:/);
});
