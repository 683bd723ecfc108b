import assert from "node:assert/strict";
import { doctorText } from "../../cli/ui/doctorText.ts";
import type { InstanceDiagnosis } from "../../core/doctor/types.ts";

function diagnosis(name: string, problems: number): InstanceDiagnosis {
  return {
    subject: {
      launcher: null,
      install: null,
      name,
      folderName: null,
      instanceDir: null,
      gameDir: `/games/${name}`,
      sync: { state: "off" },
      hooks: { state: "none" },
    },
    findings: Array.from({ length: problems }, (_, i) => ({ check: "c", problem: `p${i}`, fix: `f${i}` })),
  };
}

Deno.test("doctor's last line counts instances in words that agree with the number", () => {
  const last = (d: InstanceDiagnosis[]) => doctorText(d, d.length).at(-1);
  assert.equal(last([diagnosis("A", 1)]), "This instance needs attention.");
  assert.equal(last([diagnosis("A", 1), diagnosis("B", 0)]), "1 of 2 instances needs attention.");
  assert.equal(
    last([diagnosis("A", 1), diagnosis("B", 2), diagnosis("C", 0)]),
    "2 of 3 instances need attention.",
  );
  assert.equal(last([diagnosis("A", 0)]), "Nothing wrong.");
});
