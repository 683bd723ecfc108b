/**
 * The sync engine through SFTP (`sftp:` locations) against a real OpenSSH server on 127.0.0.1, started
 * by the test with its own host key and key-only login (tests/helpers/sshd.ts). restic starts `ssh`
 * itself; the location names a host alias of a temp ssh configuration, as a player's `~/.ssh/config` would.
 */
import { join } from "node:path";
import { skipIf } from "../../helpers/skip.ts";
import { sshdMissing, startSshd } from "../../helpers/sshd.ts";
import { defineLocationChecks, type LocationFixture } from "./locations.ts";
import { defineSyncScenarios } from "./scenarios.ts";

const missing = sshdMissing();

async function sftp(): Promise<LocationFixture> {
  const sshd = await startSshd();
  const repos = join(sshd.dataDir, "repos");
  return {
    url: `sftp:${sshd.host}:${repos}`,
    token: { id: "player", password: "sftp-secret" },
    options: { resticEnv: { PATH: `${sshd.binDir}:${Deno.env.get("PATH") ?? ""}` } },
    listsWithRestic: true,
    repositoryFolder: (id) => join(repos, id),
    server: sshd,
    cleanup: () => sshd[Symbol.asyncDispose](),
  };
}

if (!skipIf(missing !== null, "sftp locations", missing ?? "")) {
  defineSyncScenarios("sftp (OpenSSH on 127.0.0.1)", sftp);
  defineLocationChecks("sftp (OpenSSH on 127.0.0.1)", sftp, true);
}
