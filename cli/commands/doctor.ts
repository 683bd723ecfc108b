import { resolvePackFolder } from "../../core/config/paths.ts";
import { UsageError } from "../../core/errors.ts";
import { redact } from "../../core/redact.ts";
import type { CliContext } from "../context.ts";
import { VERSION } from "../version.ts";
import { doctorText } from "../ui/doctorText.ts";

export interface DoctorFlags {
  packFolder?: string;
  all?: true;
  json?: true;
}

/**
 * `doctor`: what would stop a launch from syncing, per instance, with a fix for each (core/doctor).
 * One pack folder (`--pack-folder`, or `$INST_MC_DIR` in a launcher's environment), every instance
 * (`--all`), or by default the instances that sync. Exit 0 when nothing is wrong, 1 otherwise.
 */
export async function runDoctor(flags: DoctorFlags, ctx: CliContext): Promise<void> {
  if (flags.all && flags.packFolder !== undefined) throw new UsageError("Give either --pack-folder or --all");
  const one = flags.packFolder !== undefined || (!flags.all && ctx.env.INST_MC_DIR)
    ? await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd)
    : undefined;
  const { discover, processDiscoveryOptions } = await import("../../core/launchers/discover.ts");
  const { pickSubjects } = await import("../../core/doctor/subjects.ts");
  const { diagnose } = await import("../../core/doctor/doctor.ts");
  const found = await discover(processDiscoveryOptions(ctx.env));
  const subjects = await pickSubjects(found.instances, { packFolder: one, all: flags.all });
  const diagnoses = [];
  for (const subject of subjects) diagnoses.push(await diagnose(subject, { env: ctx.env, version: VERSION }));
  const { doctorJson } = await import("../../core/doctor/report.ts");
  const report = doctorJson(diagnoses);
  if (flags.json) ctx.out(redact(JSON.stringify(report)));
  else {
    for (const line of doctorText(diagnoses, found.instances.length)) ctx.out(redact(line));
  }
  ctx.exitCode = report.ok ? 0 : 1;
}
