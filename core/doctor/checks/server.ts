import { AuthError, OfflineError } from "../../errors.ts";
import { listSnapshotIds } from "../../restic/listing.ts";
import { scrub } from "../../restic/repo.ts";
import type { DoctorCheck } from "../types.ts";

/**
 * The server answers and takes the credentials: ONE request, the snapshot listing a pull starts with
 * (a folder read for a local repository). Other backends (sftp:, s3: …) only restic can reach; they
 * are not probed.
 */
export const serverCheck: DoctorCheck = {
  id: "server",
  async run(ctx) {
    const { loaded } = await ctx.config();
    if (!loaded?.ok || loaded.target.kind === "other") return [];
    const target = loaded.target;
    try {
      await listSnapshotIds(target, () => Promise.resolve([]), { timeoutMs: ctx.timeoutMs });
      return [];
    } catch (e) {
      const said = scrub((e as Error).message, target);
      if (e instanceof AuthError) {
        return [{
          problem: `The server at ${target.server} refuses this instance's id and password`,
          fix: `Put the right "id:password" into "${ctx.paths.token}"`,
        }];
      }
      if (e instanceof OfflineError) { // ServerError (5xx, 429) included
        return [{
          problem: said,
          fix: "Check the internet connection and the url in sync.json; meanwhile launches play offline",
        }];
      }
      return [{
        problem: `Cannot list the snapshots at ${target.server}: ${said}`,
        fix: "Run `instance-sync status`",
      }];
    }
  },
};
