import type { InstanceDiagnosis } from "./types.ts";

/** One instance in `doctor --json` (schema in tests/cli/doctor_test.ts). */
export interface DoctorJsonInstance {
  launcher: string | null;
  name: string;
  instanceDir: string | null;
  gameDir: string;
  sync: "off" | "on" | "paused";
  instanceId?: string;
  label?: string;
  hooks: string;
  /** One line per finding: "problem: fix". */
  problems: string[];
  findings: { check: string; problem: string; fix: string }[];
}

/** `doctor --json`: `{ ok, instances }`; `ok` is true when no instance has a problem. */
export function doctorJson(diagnoses: InstanceDiagnosis[]): { ok: boolean; instances: DoctorJsonInstance[] } {
  const instances = diagnoses.map(({ subject: s, findings }): DoctorJsonInstance => ({
    launcher: s.launcher,
    name: s.name,
    instanceDir: s.instanceDir,
    gameDir: s.gameDir,
    sync: s.sync.state,
    ...(s.sync.state !== "off" ? { instanceId: s.sync.instanceId, label: s.sync.label } : {}),
    hooks: s.hooks.state,
    problems: findings.map((f) => `${f.problem}: ${f.fix}`),
    findings,
  }));
  return { ok: instances.every((i) => i.problems.length === 0), instances };
}
