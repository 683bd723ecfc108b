import type { InstanceDiagnosis } from "../../core/doctor/types.ts";
import type { HookStateName, LauncherKind } from "../../core/launchers/types.ts";

const LAUNCHERS: Record<LauncherKind, string> = {
  prism: "Prism Launcher",
  multimc: "MultiMC",
  atlauncher: "ATLauncher",
  modrinth: "Modrinth App",
};

/** Hook states in words (the home screen shows the same). */
export const HOOK_WORDS: Record<HookStateName, string> = {
  none: "not wired",
  instance: "wired for this instance",
  global: "wired for all instances",
  off: "overridden off",
  foreign: "someone else's command",
  broken: "broken",
};

/** `doctor`'s human report: one block per instance, a finding and its fix on two lines. */
export function doctorText(diagnoses: InstanceDiagnosis[], discovered: number): string[] {
  if (diagnoses.length === 0) {
    return [
      discovered === 0
        ? "No launcher instances found (Prism Launcher, MultiMC, ATLauncher, Modrinth App)."
        : `None of the ${discovered} instances found syncs; \`instance-sync doctor --all\` examines them all.`,
    ];
  }
  const lines: string[] = [];
  for (const { subject: s, findings } of diagnoses) {
    const where = s.launcher ? LAUNCHERS[s.launcher] : "pack folder";
    const hooks = s.launcher ? ` · hooks ${HOOK_WORDS[s.hooks.state]}` : "";
    lines.push(`${where} · "${s.name}" · sync ${s.sync.state}${hooks}`);
    lines.push(`  ${s.gameDir}`);
    if (findings.length === 0) lines.push("  ✔ nothing wrong");
    for (const f of findings) lines.push(`  ✘ ${f.problem}`, `    → ${f.fix}`);
    lines.push("");
  }
  const bad = diagnoses.filter((d) => d.findings.length > 0).length;
  lines.push(
    bad === 0
      ? "Nothing wrong."
      : diagnoses.length === 1
      ? "This instance needs attention."
      : `${bad} of ${diagnoses.length} instances ${bad === 1 ? "needs" : "need"} attention.`,
  );
  return lines;
}
