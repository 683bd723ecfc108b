/**
 * A restic is run only from the user's own private cache folder, after its checksum check; never from
 * a temp folder or a pack folder (docs/hostile-input.md).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ResticUnavailableError } from "../../../core/errors.ts";
import { findRestic } from "../../../core/restic/binary.ts";
import { recordBinary } from "../../../core/restic/binaryCheck.ts";
import { resticBinaryDir } from "../../../core/restic/binaryDir.ts";
import { cachedBinaryName, sha256Hex } from "../../../core/restic/download.ts";
import { PINNED_RESTIC_VERSION } from "../../../core/restic/version.ts";
import { runCliProcess } from "../../helpers/cli.ts";
import { writeTsProgram } from "../../helpers/program.ts";
import { skipIf } from "../../helpers/skip.ts";
import { tempDir } from "../../helpers/tmp.ts";

const V = PINNED_RESTIC_VERSION;
const POSIX = skipIf(
  Deno.build.os === "windows",
  "ownership and mode checks of the restic cache folder",
  "Windows reports no uid or mode; its cache folder is private by its ACL",
);

/** A restic that leaves `marker` behind whenever anything runs it, then answers `version`. */
async function plantedRestic(dir: string, name: string, marker: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const launcher = await writeTsProgram(
    dir,
    name,
    `await Deno.writeTextFile(${JSON.stringify(marker)}, Deno.args.join(" ") + "\\n", { append: true });\n` +
      `console.log("restic ${V} compiled with go1.26 on linux/amd64");\n`,
  );
  return launcher;
}

Deno.test("resticBinaryDir() is the user's cache folder, never a temp folder", () => {
  assert.equal(resticBinaryDir({ INSTANCE_SYNC_CACHE_DIR: "/c" }, "linux"), "/c/bin");
  assert.equal(resticBinaryDir({ XDG_CACHE_HOME: "/x", HOME: "/h" }, "linux"), "/x/instance-sync/bin");
  assert.equal(resticBinaryDir({ HOME: "/h" }, "linux"), "/h/.cache/instance-sync/bin");
  assert.equal(resticBinaryDir({ HOME: "/Users/p" }, "darwin"), "/Users/p/Library/Caches/instance-sync/bin");
  assert.equal(resticBinaryDir({ TMPDIR: "/tmp" }, "linux"), null);
});

Deno.test("a cached restic whose bytes changed after download is not run", { ignore: POSIX }, async () => {
  await using tmp = await tempDir();
  const marker = join(tmp.path, "ran");
  const cacheDir = join(tmp.path, "bin");
  await Deno.mkdir(cacheDir, { mode: 0o700 });
  const launcher = await plantedRestic(join(tmp.path, "src"), "restic", marker);
  const cached = join(cacheDir, cachedBinaryName(V));
  await Deno.copyFile(launcher, cached);
  await Deno.chmod(cached, 0o755);
  await recordBinary(cacheDir, V, cached, await sha256Hex(await Deno.readFile(cached)));
  const infos: string[] = [];
  const opts = { env: { PATH: "" }, cacheDir, noDownload: true, onInfo: (m: string) => infos.push(m) };
  assert.equal((await findRestic(opts)).path, cached, "the recorded binary runs");

  await Deno.writeTextFile(cached, "\n# changed\n", { append: true });
  await Deno.remove(marker);
  await assert.rejects(() => findRestic(opts), ResticUnavailableError);
  assert.match(infos.join("\n"), /Not running the cached restic .*no longer match the checksum/);
  assert.equal(await Deno.stat(marker).catch(() => null), null, "the changed binary never ran");
});

Deno.test("a cached restic without a recorded checksum (an old .cloud-sync copy moved in) is not run", {
  ignore: POSIX,
}, async () => {
  await using tmp = await tempDir();
  const marker = join(tmp.path, "ran");
  const cacheDir = join(tmp.path, "bin");
  await Deno.mkdir(cacheDir, { mode: 0o700 });
  const launcher = await plantedRestic(join(tmp.path, "src"), "restic", marker);
  await Deno.copyFile(launcher, join(cacheDir, cachedBinaryName(V)));
  const infos: string[] = [];
  await assert.rejects(
    () => findRestic({ env: { PATH: "" }, cacheDir, noDownload: true, onInfo: (m) => infos.push(m) }),
    ResticUnavailableError,
  );
  assert.match(infos.join("\n"), /no checksum was recorded/);
  assert.equal(await Deno.stat(marker).catch(() => null), null);
});

Deno.test("a cache folder that others can write to is refused, and nothing in it runs", {
  ignore: POSIX,
}, async () => {
  await using tmp = await tempDir();
  const marker = join(tmp.path, "ran");
  const cacheDir = join(tmp.path, "bin");
  await Deno.mkdir(cacheDir);
  const launcher = await plantedRestic(join(tmp.path, "src"), "restic", marker);
  const cached = join(cacheDir, cachedBinaryName(V));
  await Deno.copyFile(launcher, cached);
  await recordBinary(cacheDir, V, cached, await sha256Hex(await Deno.readFile(cached)));
  await Deno.chmod(cacheDir, 0o777);
  const infos: string[] = [];
  await assert.rejects(
    () => findRestic({ env: { PATH: "" }, cacheDir, noDownload: true, onInfo: (m) => infos.push(m) }),
    ResticUnavailableError,
  );
  assert.match(infos.join("\n"), /can be written by other users \(mode 777\)/);
  assert.equal(await Deno.stat(marker).catch(() => null), null);
});

Deno.test("`instances` without a config or cache folder never runs a restic planted in $TMPDIR", {
  ignore: POSIX,
}, async () => {
  await using tmp = await tempDir();
  const shared = join(tmp.path, "shared-tmp");
  const marker = join(tmp.path, "ran");
  // Another user's plant, where a temp-folder fallback would look.
  await plantedRestic(shared, cachedBinaryName(V), marker);
  await Deno.mkdir(join(tmp.path, "empty-bin"));
  const r = await runCliProcess(["instances", `--url=${join(tmp.path, "repos")}`], {
    input: "me:pw\n",
    env: {
      TMPDIR: shared,
      TMP: shared,
      TEMP: shared,
      HOME: "",
      XDG_CONFIG_HOME: "",
      XDG_CACHE_HOME: "",
      INSTANCE_SYNC_CONFIG_DIR: "",
      INSTANCE_SYNC_CACHE_DIR: "",
      INSTANCE_SYNC_RESTIC: "",
      PATH: join(tmp.path, "empty-bin"),
    },
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /no cache folder to download it into/);
  assert.equal(await Deno.stat(marker).catch(() => null), null, "the planted restic never ran");
});
