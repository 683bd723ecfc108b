import { missingPackIgnoreEntry } from "../../config/packignore.ts";
import type { DoctorCheck } from "../types.ts";

/**
 * The token stays out of exported instances: Prism and MultiMC export the whole instance folder except
 * the lines of `.packignore` (docs/contract.md#identity), which setup fills; a hand-made or older config may lack it.
 */
export const packIgnoreCheck: DoctorCheck = {
  id: "packignore",
  async run(ctx) {
    if (ctx.subject.sync.state === "off") return []; // no token to leak
    let missing;
    try {
      missing = await missingPackIgnoreEntry(ctx.paths.packFolder);
    } catch (e) {
      return [{
        problem: `Cannot read .packignore: ${(e as Error).message}`,
        fix: "Check the file's permissions",
      }];
    }
    if (!missing) return [];
    return [{
      problem: `"${missing.file}" lacks "${missing.entry}": an exported instance would include the token`,
      fix: `Add the line "${missing.entry}" to that file`,
    }];
  },
};
