/**
 * The sync engine through rclone (`rclone:` locations): restic starts `rclone serve restic --stdio`.
 * Two remotes: an on-the-fly local one (`rclone::local:/folder`, no configuration) and a configured
 * remote name (`rclone:cloud:mc`, a temp `RCLONE_CONFIG`) that is a real WebDAV server on 127.0.0.1,
 * served by `rclone serve webdav`, as a cloud drive would be.
 */
import { join } from "node:path";
import { rcloneMissing, startWebdavDrive } from "../../helpers/rclone.ts";
import { skipIf } from "../../helpers/skip.ts";
import { defineLocationChecks, type LocationFixture } from "./locations.ts";
import { defineSyncScenarios } from "./scenarios.ts";

const missing = rcloneMissing();
const TOKEN = { id: "player", password: "rclone-secret" };

async function onTheFly(): Promise<LocationFixture> {
  const dir = await Deno.makeTempDir({ prefix: "is-rclone-local-" });
  return {
    url: `rclone::local:${dir}`,
    token: TOKEN,
    listsWithRestic: true,
    repositoryFolder: (id) => join(dir, id),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}

async function configured(): Promise<LocationFixture> {
  const drive = await startWebdavDrive("cloud");
  return {
    url: "rclone:cloud:minecraft/sync",
    token: TOKEN,
    options: { resticEnv: { RCLONE_CONFIG: drive.config } },
    listsWithRestic: true,
    repositoryFolder: (id) => join(drive.dataDir, "minecraft", "sync", id),
    server: drive,
    cleanup: () => drive[Symbol.asyncDispose](),
  };
}

if (!skipIf(missing !== null, "rclone locations", missing ?? "")) {
  defineSyncScenarios("rclone (on-the-fly :local: remote)", onTheFly);
  defineLocationChecks("rclone (on-the-fly :local: remote)", onTheFly, false);
  defineSyncScenarios("rclone (configured WebDAV remote)", configured);
  defineLocationChecks("rclone (configured WebDAV remote)", configured, true);
}
