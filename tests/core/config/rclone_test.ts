/** setup's questions to the player's rclone, against Debian's real rclone and a temp configuration. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { listRcloneRemotes, rcloneFolderProblem, rcloneUrl } from "../../../core/config/rclone.ts";
import { rcloneMissing } from "../../helpers/rclone.ts";
import { skipIf } from "../../helpers/skip.ts";

const missing = rcloneMissing();

Deno.test({
  name:
    "listRcloneRemotes() lists the configured remotes, and rcloneFolderProblem() creates a folder or says why not",
  ignore: skipIf(missing !== null, "rclone remotes", missing ?? ""),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "is-rclone-conf-" });
    try {
      const config = join(dir, "rclone.conf");
      await Deno.writeTextFile(config, "[usb]\ntype = local\n\n[alpha]\ntype = local\n");
      const env = { RCLONE_CONFIG: config };
      assert.deepEqual(await listRcloneRemotes({ env }), ["alpha", "usb"]);
      assert.equal(await rcloneFolderProblem("usb", join(dir, "sync"), { env }), null);
      assert.ok((await Deno.stat(join(dir, "sync"))).isDirectory, "the folder was created");
      const unknown = await rcloneFolderProblem("gdrive", "sync", { env });
      assert.match(unknown ?? "", /^rclone cannot use "gdrive:sync": .*didn't find section in config file/);
      await Deno.writeTextFile(join(dir, "file"), "not a folder");
      assert.match(await rcloneFolderProblem("usb", join(dir, "file"), { env }) ?? "", /rclone cannot use/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("without rclone there are no remotes to list and the check says where to get it", async () => {
  const command = "/nonexistent/rclone";
  assert.equal(await listRcloneRemotes({ command }), null);
  assert.equal(
    await rcloneFolderProblem("gdrive", "sync", { command }),
    "rclone is not installed: get it from https://rclone.org/install/",
  );
});

Deno.test("rcloneUrl() keeps a leading slash (an SFTP or local remote's root) and drops trailing ones", () => {
  assert.equal(rcloneUrl("gdrive", "instance-sync/"), "rclone:gdrive:instance-sync");
  assert.equal(rcloneUrl("nas", "/srv/minecraft//"), "rclone:nas:/srv/minecraft");
});
