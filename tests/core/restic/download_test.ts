/** Downloading restic from a fixture release served on 127.0.0.1 (a real .bz2 of the real restic). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { zipSync } from "fflate";
import { OfflineError, ResticError } from "../../../core/errors.ts";
import { findRestic } from "../../../core/restic/binary.ts";
import {
  assetName,
  cachedBinaryName,
  downloadRestic,
  PINNED_ASSET_SHA256,
  sha256Hex,
} from "../../../core/restic/download.ts";
import { PINNED_RESTIC_VERSION } from "../../../core/restic/version.ts";
import { bzip2File, serveRelease } from "../../helpers/releaseServer.ts";
import { freePort } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testResticPath } from "../../helpers/tools.ts";

const V = PINNED_RESTIC_VERSION;
const ASSET = assetName(V);
let archive: Promise<Uint8Array> | undefined;
const realArchive = () => (archive ??= bzip2File(testResticPath()));
/** The fixture release's checksum, trusted in place of the pinned one (the fixture is not restic's build). */
const pinnedFixture = async () => ({ [ASSET]: await sha256Hex(await realArchive()) });

Deno.test("findRestic() downloads the pinned release, verifies it and reuses the cached copy", async () => {
  await using release = await serveRelease(V, { [ASSET]: await realArchive() });
  await using home = await tempDir();
  const infos: string[] = [];
  const opts = {
    // No cacheDir: the user's own cache folder, as every command finds it.
    env: { PATH: "", HOME: home.path, XDG_CACHE_HOME: "", LOCALAPPDATA: join(home.path, "AppData") },
    noDownload: false,
    downloadBaseUrl: release.baseUrl,
    pinned: await pinnedFixture(),
    onInfo: (m: string) => infos.push(m),
  };
  const bin = await findRestic(opts);
  const dir = Deno.build.os === "windows"
    ? join(home.path, "AppData", "instance-sync", "cache", "bin")
    : Deno.build.os === "darwin"
    ? join(home.path, "Library", "Caches", "instance-sync", "bin")
    : join(home.path, ".cache", "instance-sync", "bin");
  assert.equal(bin.path, join(dir, cachedBinaryName(V)));
  assert.equal(bin.version.version, V);
  if (Deno.build.os !== "windows") {
    assert.equal((await Deno.stat(bin.path)).mode! & 0o777, 0o755);
    assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700, "the folder is the user's alone");
  }
  assert.deepEqual(release.requests, [`/v${V}/SHA256SUMS`, `/v${V}/${ASSET}`]);
  assert.match(infos.join("\n"), new RegExp(`Downloading restic ${V}`));
  // The binary, its recorded checksum, and the memo of its probed version (no `restic version` later).
  assert.deepEqual((await Array.fromAsync(Deno.readDir(dir), (e) => e.name)).sort(), [
    cachedBinaryName(V),
    `restic-${V}.json`,
    "restic-version.json",
  ]);

  assert.equal((await findRestic(opts)).path, bin.path);
  assert.equal(release.requests.length, 2, "the second lookup uses the cache");
});

Deno.test("an archive that does not match SHA256SUMS is rejected and leaves nothing behind", async () => {
  const genuine = await realArchive();
  const corrupted = genuine.slice();
  corrupted[corrupted.length >> 1] ^= 0xff;
  await using release = await serveRelease(V, { [ASSET]: corrupted }, { [ASSET]: genuine });
  await using cache = await tempDir();
  await assert.rejects(
    async () =>
      await downloadRestic({
        version: V,
        cacheDir: cache.path,
        baseUrl: release.baseUrl,
        pinned: await pinnedFixture(),
      }),
    (e) => e instanceof ResticError && /does not match its SHA256SUMS entry/.test(e.message),
  );
  assert.deepEqual(await Array.fromAsync(Deno.readDir(cache.path)), []);
});

Deno.test("a release whose SHA256SUMS lacks the asset is rejected", async () => {
  await using release = await serveRelease(V, { [ASSET]: new Uint8Array([1, 2, 3]) }, {
    "other.bz2": new Uint8Array(),
  });
  await using cache = await tempDir();
  await assert.rejects(
    () => downloadRestic({ version: V, cacheDir: cache.path, baseUrl: release.baseUrl }),
    /has no entry for/,
  );
  assert.deepEqual(await Array.fromAsync(Deno.readDir(cache.path)), []);
});

Deno.test("the Windows asset is a zip whose single .exe becomes restic-<version>.exe", async () => {
  const exe = crypto.getRandomValues(new Uint8Array(4096));
  const zipName = assetName(V, "windows", "aarch64");
  assert.equal(zipName, `restic_${V}_windows_amd64.zip`);
  const zip = zipSync({ [`restic_${V}_windows_amd64.exe`]: exe });
  await using release = await serveRelease(V, { [zipName]: zip });
  await using cache = await tempDir();
  const path = await downloadRestic({
    version: V,
    cacheDir: cache.path,
    baseUrl: release.baseUrl,
    os: "windows",
    pinned: { [zipName]: await sha256Hex(zip) },
  });
  assert.equal(path, join(cache.path, `restic-${V}.exe`));
  assert.deepEqual(await Deno.readFile(path), exe);
});

Deno.test("asset names follow restic's release naming", () => {
  assert.equal(assetName("0.19.1", "linux", "x86_64"), "restic_0.19.1_linux_amd64.bz2");
  assert.equal(assetName("0.19.1", "darwin", "aarch64"), "restic_0.19.1_darwin_arm64.bz2");
});

Deno.test("an unreachable download server is OfflineError", async () => {
  await using cache = await tempDir();
  await assert.rejects(
    () => downloadRestic({ version: V, cacheDir: cache.path, baseUrl: `http://127.0.0.1:${freePort()}` }),
    OfflineError,
  );
});

Deno.test("a release whose SHA256SUMS matches its own archive but not the pinned checksum is refused", async () => {
  // A mirror (INSTANCE_SYNC_RESTIC_DOWNLOAD_URL) serving another binary with a checksum file to match.
  await using release = await serveRelease(V, { [ASSET]: await realArchive() });
  await using cache = await tempDir();
  await assert.rejects(
    () => downloadRestic({ version: V, cacheDir: cache.path, baseUrl: release.baseUrl }),
    (e) => e instanceof ResticError && /another checksum for .* than instance-sync pins/.test(e.message),
  );
  assert.deepEqual(await Array.fromAsync(Deno.readDir(cache.path)), [], "nothing was written");
  assert.deepEqual(release.requests, [`/v${V}/SHA256SUMS`], "the archive was not even fetched");
});

Deno.test("every asset of the pinned release has a pinned checksum", () => {
  for (
    const [os, arch] of [["linux", "x86_64"], ["linux", "aarch64"], ["darwin", "x86_64"], [
      "darwin",
      "aarch64",
    ], [
      "windows",
      "x86_64",
    ]]
  ) {
    assert.match(PINNED_ASSET_SHA256[assetName(V, os, arch)] ?? "", /^[0-9a-f]{64}$/, `${os}/${arch}`);
  }
});
