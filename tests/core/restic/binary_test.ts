/** The order in which findRestic() looks for restic (docs/contract.md#restic), with fake restic scripts. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ResticUnavailableError } from "../../../core/errors.ts";
import { findRestic } from "../../../core/restic/binary.ts";
import { recordBinary } from "../../../core/restic/binaryCheck.ts";
import { cachedBinaryName, sha256Hex } from "../../../core/restic/download.ts";
import { PINNED_RESTIC_VERSION } from "../../../core/restic/version.ts";
import { writeFakeRestic } from "../../helpers/fakeRestic.ts";
import { freePort } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { skipIf } from "../../helpers/skip.ts";

/** findRestic() looks for `restic.exe` on PATH and in the cache on Windows; a fake there is a .cmd. */
const EXE_ONLY = skipIf(
  Deno.build.os === "windows",
  "restic lookup on PATH and in the cache",
  "POSIX-only: on Windows the fake restic is restic.cmd, and PATH/cache lookups find restic.exe only",
);

async function fakeAt(dir: string, version: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  return (await writeFakeRestic(dir, "Deno.exit(0);", version)).path;
}

Deno.test("findRestic() takes the flag, then $INSTANCE_SYNC_RESTIC, then the cache, then PATH", {
  ignore: EXE_ONLY,
}, async () => {
  await using tmp = await tempDir();
  const flag = await fakeAt(join(tmp.path, "flag"), "0.18.0");
  const env = await fakeAt(join(tmp.path, "env"), "0.17.1");
  const onPath = await fakeAt(join(tmp.path, "path"), "0.19.0");
  const cacheDir = join(tmp.path, "cache");
  await Deno.mkdir(cacheDir);
  const cached = join(cacheDir, cachedBinaryName(PINNED_RESTIC_VERSION));
  await Deno.rename(await fakeAt(join(tmp.path, "c"), PINNED_RESTIC_VERSION), cached);
  // As a download leaves it: the binary's checksum recorded beside it (binaryCheck.ts).
  await recordBinary(cacheDir, PINNED_RESTIC_VERSION, cached, await sha256Hex(await Deno.readFile(cached)));
  const base = {
    cacheDir,
    noDownload: true,
    env: { PATH: join(tmp.path, "path"), INSTANCE_SYNC_RESTIC: env },
  };

  assert.equal((await findRestic({ ...base, flag })).path, flag);
  assert.equal((await findRestic(base)).version.version, "0.17.1");
  assert.equal((await findRestic({ ...base, env: { PATH: base.env.PATH } })).path, cached);
  await Deno.remove(cached);
  const found = await findRestic({ ...base, env: { PATH: base.env.PATH } });
  assert.deepEqual([found.path, found.version.version], [onPath, "0.19.0"]);
});

Deno.test("an old restic on PATH is skipped, and --no-download then names both ways out", {
  ignore: EXE_ONLY,
}, async () => {
  await using tmp = await tempDir();
  await fakeAt(join(tmp.path, "bin"), "0.14.0");
  const infos: string[] = [];
  await assert.rejects(
    () =>
      findRestic({
        env: { PATH: join(tmp.path, "bin") },
        cacheDir: join(tmp.path, "cache"),
        noDownload: true,
        onInfo: (m) => infos.push(m),
      }),
    (e) => {
      assert.ok(e instanceof ResticUnavailableError);
      assert.equal(e.exitCode, 1);
      assert.doesNotMatch(e.message, /\n/);
      assert.match(e.message, /--no-download/);
      assert.match(e.message, /--restic-binary/);
      return true;
    },
  );
  assert.match(infos.join("\n"), /Ignoring restic 0\.14\.0 .*needs 0\.17\.1 or newer/);
});

Deno.test("a restic named explicitly that is missing or too old is a UsageError, not replaced", async () => {
  await using tmp = await tempDir();
  const old = await fakeAt(join(tmp.path, "old"), "0.16.4");
  const opts = {
    env: {},
    cacheDir: tmp.path,
    noDownload: false,
    downloadBaseUrl: "http://127.0.0.1:9/never",
  };
  await assert.rejects(() => findRestic({ ...opts, flag: old }), /is 0\.16\.4; instance-sync needs 0\.17\.1/);
  await assert.rejects(
    () => findRestic({ ...opts, env: { INSTANCE_SYNC_RESTIC: join(tmp.path, "nope") } }),
    /does not exist/,
  );
});

Deno.test("no restic anywhere and a download that cannot connect says restic is missing, with the cause", async () => {
  await using tmp = await tempDir();
  const port = freePort(); // nothing listens there
  await assert.rejects(
    () =>
      findRestic({
        env: { PATH: join(tmp.path, "empty") },
        cacheDir: join(tmp.path, "cache"),
        noDownload: false,
        downloadBaseUrl: `http://127.0.0.1:${port}/releases`,
      }),
    (e) => {
      assert.ok(e instanceof ResticUnavailableError, String(e));
      assert.equal(e.exitCode, 1);
      assert.doesNotMatch(e.message, /\n/);
      assert.match(e.message, /restic 0\.17\.1 or newer is needed but none was found/);
      assert.match(
        e.message,
        /downloading restic .* failed: cannot reach 127\.0\.0\.1:\d+ \(connection refused\)/,
      );
      assert.match(e.message, /--restic-binary=PATH/);
      assert.doesNotMatch(e.message, /offline/i);
      assert.match(e.detail ?? "", new RegExp(`127\\.0\\.0\\.1:${port}`));
      return true;
    },
  );
});
