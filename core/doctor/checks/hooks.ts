import type { HookState } from "../../launchers/types.ts";
import type { DoctorCheck, DoctorContext, DoctorSubject, Finding } from "../types.ts";
import { hookProgram } from "../hookProgram.ts";
import { sandboxSees } from "../../launchers/flatpak.ts";

const WHY_NOT_RUN: Record<"none" | "off" | "foreign", string> = {
  none: "The launcher runs no instance-sync hooks for this instance",
  off: "This instance overrides the launcher's commands with empty ones: no instance-sync hooks run",
  foreign: "The launcher's hooks for this instance run another program, not instance-sync",
};

/** The `hooks install` line that wires this instance. */
export function installCommand(s: DoctorSubject): string {
  const who = s.folderName ? ` --instance=${JSON.stringify(s.folderName)}` : "";
  return `run \`instance-sync hooks install --launcher=${s.launcher}${who}\` (or wire it from the home screen, \`instance-sync\`)`;
}

/**
 * The launcher runs this program's `pull` before launch and `push` after exit: hooks missing (for a
 * synced instance), naming a binary that is gone or only one of the two (broken, whatever the sync
 * state: a failing pre-launch command stops the launch), or running another version of instance-sync.
 */
export const hooksCheck: DoctorCheck = {
  id: "hooks",
  async run(ctx) {
    const s = ctx.subject;
    if (s.launcher === null) return []; // a bare folder: no launcher file to read
    const fix = installCommand(s).replace(/^run/, "Run");
    const h = s.hooks;
    if (h.state === "broken") {
      return [{ problem: h.detail ?? "The instance-sync hooks of this instance cannot run", fix }];
    }
    if (h.state === "none" || h.state === "off" || h.state === "foreign") {
      if (s.sync.state !== "on") return [];
      const detail = h.state === "foreign" && h.detail ? ` (${h.detail})` : "";
      return [{ problem: `${WHY_NOT_RUN[h.state]}${detail}: launches do not sync`, fix }];
    }
    return await versionFindings(ctx, h, fix);
  },
};

/** The wired program answers `--version` with this program's version. */
async function versionFindings(ctx: DoctorContext, h: HookState, fix: string): Promise<Finding[]> {
  const command = h.preLaunch ?? h.postExit;
  const program = command ? hookProgram(command, ctx.subject.launcher!) : null;
  if (!program) return [];
  const install = ctx.subject.install;
  if (install && !sandboxSees(install, program[0])) {
    return [{
      problem: `The hooks run "${program[0]}", which the ${install.flatpakId} sandbox cannot see: ` +
        "the pre-launch command fails and the game does not start",
      fix, // `hooks install` places a copy in the launcher's folder and names it
    }];
  }
  let answer: string;
  try {
    answer = await ctx.programVersion(program);
  } catch (e) {
    return [{
      problem: `The hook's program (${program.join(" ")}) does not start: ${(e as Error).message}`,
      fix,
    }];
  }
  if (answer === ctx.version) return [];
  return [{
    problem: `The hooks run instance-sync ${answer || "(no version)"} (${
      program.join(" ")
    }); this is ${ctx.version}`,
    fix: fix.replace("Run", "Update that binary or run"),
  }];
}
