/**
 * The doctor's checks, in the order their findings are shown. To add one: a module in `checks/` that
 * exports a `DoctorCheck` (an id, and `run(ctx)` returning findings with a one-line fix each), and a
 * line here. A check reads what it needs through `DoctorContext` (config() is shared and read once),
 * changes nothing on disk, and returns [] when it does not apply to the instance.
 */
import type { DoctorCheck } from "./types.ts";
import { hooksCheck } from "./checks/hooks.ts";
import { configCheck } from "./checks/config.ts";
import { serverCheck } from "./checks/server.ts";
import { resticCheck } from "./checks/restic.ts";
import { packIgnoreCheck } from "./checks/packIgnore.ts";
import { unsyncedCheck } from "./checks/unsynced.ts";

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  hooksCheck,
  configCheck,
  serverCheck,
  resticCheck,
  packIgnoreCheck,
  unsyncedCheck,
];
