import assert from "node:assert/strict";
import type { DirectoryEntry } from "../../../core/directory/directory.ts";
import { matchInstance } from "../../../core/directory/match.ts";
import { UsageError } from "../../../core/errors.ts";

const entry = (instance_id: string, label: string): DirectoryEntry => ({
  instance_id,
  label,
  created_by: { host: "pc" },
  created_at: "2026-11-30T10:00:00Z",
});
const ENTRIES = [
  entry("01KA0000000000000000000001", "Survival"),
  entry("01KA0000000000000000000002", "Creative"),
  entry("01KB0000000000000000000003", "Creative"),
];

Deno.test("matchInstance takes an exact id, a label (any case) or a unique id prefix", () => {
  assert.equal(matchInstance(ENTRIES, "01KA0000000000000000000002").label, "Creative");
  assert.equal(matchInstance(ENTRIES, "survival").instance_id, "01KA0000000000000000000001");
  assert.equal(matchInstance(ENTRIES, "01kb").instance_id, "01KB0000000000000000000003");
});

Deno.test("matchInstance refuses an ambiguous label or prefix with exit 2 and lists the matches", () => {
  for (const value of ["Creative", "01KA"]) {
    const err = (() => {
      try {
        matchInstance(ENTRIES, value);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof UsageError, value);
    assert.equal(err.exitCode, 2);
    assert.match(err.message, /matches 2 instances/);
    if (value === "01KA") assert.ok(!err.message.includes("01KB"), "only what matched is listed");
  }
});

Deno.test("matchInstance refuses an unknown value with exit 2 and lists what the account has", () => {
  assert.throws(() => matchInstance(ENTRIES, "Skyblock"), (e) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /matches no instance.*"Survival" \(01KA0000000000000000000001\)/);
    return true;
  });
  assert.throws(() => matchInstance([], "Skyblock"), /it has none yet/);
});
