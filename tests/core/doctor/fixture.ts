/** An instance built in a temp folder the way a launcher and `init` leave it, for the doctor's tests. */
import { join } from "node:path";
import type { HookState } from "../../../core/launchers/types.ts";
import type { DoctorSubject } from "../../../core/doctor/types.ts";
import { writeTree } from "../../helpers/tmp.ts";
import { testResticPath } from "../../helpers/tools.ts";
import { testUserDirs } from "../../helpers/cli.ts";

export const INSTANCE_ID = "01JB2Z9X8Y7W6V5T4S3R2Q1P0N";

export interface DoctorFixture {
  root: string;
  instanceDir: string;
  gameDir: string;
  repoUrl: string;
  /** The environment of a player's terminal: the test restic, private user folders. */
  env: Record<string, string>;
  subject(hooks?: HookState, sync?: DoctorSubject["sync"]): DoctorSubject;
}

/**
 * A Prism-style instance folder (`instance.cfg`, `.packignore` naming the token, `minecraft/`) opted in
 * to a local-folder repository with a token of mode 0600; `url` replaces the repository location.
 */
export async function syncedInstance(root: string, url?: string): Promise<DoctorFixture> {
  const instanceDir = join(root, "instances", "Cozy");
  const gameDir = join(instanceDir, "minecraft");
  const repoUrl = url ?? join(root, "repos");
  await writeTree(instanceDir, {
    "instance.cfg": "[General]\nConfigVersion=1.2\nname=Cozy Pack\n",
    ".packignore": "minecraft/.cloud-sync\n",
    "minecraft/saves/World/level.dat": "level v1",
    "minecraft/options.txt": "fov:70\n",
    "minecraft/.cloud-sync/sync.json": JSON.stringify({ instance_id: INSTANCE_ID, url: repoUrl }),
  });
  await Deno.writeTextFile(join(gameDir, ".cloud-sync", "token"), "42:hunter22\n", { mode: 0o600 });
  await Deno.chmod(join(gameDir, ".cloud-sync", "token"), 0o600);
  const env = {
    ...testUserDirs("doctor"),
    INSTANCE_SYNC_RESTIC: testResticPath(),
    PATH: Deno.env.get("PATH") ?? "",
  };
  return {
    root,
    instanceDir,
    gameDir,
    repoUrl,
    env,
    subject: (hooks = { state: "instance" }, sync = { state: "on", instanceId: INSTANCE_ID }) => ({
      launcher: "prism",
      install: { kind: "prism", dataDir: root, flatpak: false, source: "--launcher-dir" },
      name: "Cozy Pack",
      folderName: "Cozy",
      instanceDir,
      gameDir,
      sync,
      hooks,
    }),
  };
}
