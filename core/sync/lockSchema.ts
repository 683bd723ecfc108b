/** The lock file's schema: loaded only when a run finds another run's lock (core/sync/lock.ts). */
import { z } from "zod";

export const LockInfoSchema = z.object({
  pid: z.number(),
  host: z.string(),
  machine: z.string().optional(),
  command: z.string(),
  started: z.string(),
});
