import assert from "node:assert/strict";
import { packFolderOfArgs, sandboxUserEnv } from "../../../core/config/sandboxDirs.ts";
import { defaultLocalRepositoryRoot } from "../../../core/config/defaults.ts";
import { machineIdFile } from "../../../core/config/machine.ts";
import { keyCacheDir } from "../../../core/repo/keyCache.ts";

const APP = "/home/ann/.var/app/org.prismlauncher.PrismLauncher";
const PACK = `${APP}/data/PrismLauncher/instances/Pack/minecraft`;
/** The environment Flatpak gives the sandboxed launcher and its hooks. */
const SANDBOX = {
  HOME: "/home/ann",
  FLATPAK_ID: "org.prismlauncher.PrismLauncher",
  XDG_CONFIG_HOME: `${APP}/config`,
  XDG_DATA_HOME: `${APP}/data`,
  XDG_CACHE_HOME: `${APP}/cache`,
};
const HOST = { HOME: "/home/ann" };

Deno.test("sandboxUserEnv() gives the host terminal the sandbox's machine id, key cache and repository folder", () => {
  const host = sandboxUserEnv(HOST, PACK);
  const sandbox = sandboxUserEnv(SANDBOX, PACK);
  assert.equal(machineIdFile(host, "linux"), machineIdFile(sandbox, "linux"));
  assert.equal(machineIdFile(host, "linux"), `${APP}/config/instance-sync/machine-id`);
  assert.equal(keyCacheDir(host, "linux"), keyCacheDir(sandbox, "linux"));
  assert.equal(defaultLocalRepositoryRoot(host, "linux"), defaultLocalRepositoryRoot(sandbox, "linux"));
  assert.equal(defaultLocalRepositoryRoot(host, "linux"), `${APP}/data/instance-sync/repositories`);
});

Deno.test("sandboxUserEnv() leaves other instances and explicit folders alone", () => {
  assert.equal(sandboxUserEnv(HOST, "/home/ann/.local/share/PrismLauncher/instances/x/minecraft"), HOST);
  const explicit = { ...HOST, INSTANCE_SYNC_CONFIG_DIR: "/cfg" };
  assert.equal(machineIdFile(sandboxUserEnv(explicit, PACK), "linux"), "/cfg/machine-id");
});

Deno.test("packFolderOfArgs() reads --pack-folder in both spellings, then $INST_MC_DIR, then the folder", () => {
  assert.equal(packFolderOfArgs(["pull", `--pack-folder=${PACK}`], {}, "/cwd"), PACK);
  assert.equal(packFolderOfArgs(["pull", "--pack-folder", "rel"], {}, "/cwd"), "/cwd/rel");
  assert.equal(packFolderOfArgs(["pull"], { INST_MC_DIR: PACK }, "/cwd"), PACK);
  assert.equal(packFolderOfArgs(["pull"], {}, "/cwd"), "/cwd");
});
