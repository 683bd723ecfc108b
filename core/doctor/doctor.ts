import { instancePaths } from "../config/paths.ts";
import { readConfigForDoctor } from "./config.ts";
import { DOCTOR_CHECKS } from "./checks.ts";
import type { ConfigReading, DoctorCheck, DoctorContext, DoctorSubject, InstanceDiagnosis } from "./types.ts";

export interface DiagnoseOptions {
  env: Record<string, string | undefined>;
  /** This program's version. */
  version: string;
  /** Runs `[...program, "--version"]`; default: a child process with a 10 s limit. */
  programVersion?: (program: string[]) => Promise<string>;
  /** Per network request (default 10000 ms). */
  timeoutMs?: number;
  /** Default: every check (`DOCTOR_CHECKS`). */
  checks?: readonly DoctorCheck[];
}

/**
 * Runs every check on one instance. A check that throws becomes a finding of its own: the doctor
 * reports what it could not look at rather than stopping.
 */
export async function diagnose(subject: DoctorSubject, opts: DiagnoseOptions): Promise<InstanceDiagnosis> {
  const paths = instancePaths(subject.gameDir);
  let reading: Promise<ConfigReading> | undefined;
  const ctx: DoctorContext = {
    subject,
    paths,
    env: opts.env,
    version: opts.version,
    config: () => (reading ??= readConfigForDoctor(paths)),
    programVersion: opts.programVersion ?? runVersion,
    timeoutMs: opts.timeoutMs ?? 10_000,
  };
  const findings = [];
  for (const check of opts.checks ?? DOCTOR_CHECKS) {
    try {
      for (const f of await check.run(ctx)) findings.push({ check: check.id, ...f });
    } catch (e) {
      findings.push({
        check: check.id,
        problem: `The ${check.id} check failed: ${(e as Error).message}`,
        fix: "Run with INSTANCE_SYNC_DEBUG=1 and report it",
      });
    }
  }
  return { subject, findings };
}

/** `<program> --version`, trimmed; throws when it does not start or fails. */
async function runVersion(program: string[]): Promise<string> {
  const [cmd, ...args] = program;
  const out = await new Deno.Command(cmd, {
    args: [...args, "--version"],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
    signal: AbortSignal.timeout(10_000),
  }).output();
  if (!out.success) throw new Error(`exit code ${out.code}`);
  return new TextDecoder().decode(out.stdout).trim();
}
