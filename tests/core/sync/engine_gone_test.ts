/**
 * A repository removed on the server after a sync, for the kinds that have an in-process reader: a
 * local folder and a rest-server (the restic-only kinds run the same checks in engine_rclone_test.ts
 * and engine_sftp_test.ts).
 */
import { join } from "node:path";
import { startRestServer } from "../../helpers/restServer.ts";
import { defineLocationChecks } from "./locations.ts";

defineLocationChecks("local-folder repository", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-repo-" });
  return {
    url: join(dir, "repositories"),
    token: { id: "player", password: "local-secret" },
    repositoryFolder: (id) => join(dir, "repositories", id),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}, false);

defineLocationChecks("rest-server (append-only, private repos)", async () => {
  const server = await startRestServer({ users: { player: "rest-secret" } });
  return {
    url: server.url,
    token: { id: "player", password: "rest-secret" },
    repositoryFolder: (id) => join(server.dataDir, "player", id),
    server,
    cleanup: () => server[Symbol.asyncDispose](),
  };
}, true);
