import { join } from "node:path";
import { defineSyncScenarios } from "./scenarios.ts";

defineSyncScenarios("local-folder repository", async () => {
  const dir = await Deno.makeTempDir({ prefix: "is-repo-" });
  return {
    url: join(dir, "repositories"),
    token: { id: "player", password: "local-secret" },
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});
