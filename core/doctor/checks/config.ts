import type { DoctorCheck } from "../types.ts";

/** sync.json unreadable or invalid, token missing, malformed or readable by others. */
export const configCheck: DoctorCheck = {
  id: "config",
  run: async (ctx) => (await ctx.config()).findings,
};
