import assert from "node:assert/strict";
import {
  compareVersions,
  isSupportedVersion,
  MIN_RESTIC_VERSION,
  parseResticVersion,
  PINNED_RESTIC_VERSION,
  supportsJsonExitError,
} from "../../../core/restic/version.ts";
import { testRestic } from "../../helpers/tools.ts";

Deno.test("parseResticVersion() reads the text and JSON forms of restic version", () => {
  assert.deepEqual(parseResticVersion("restic 0.19.1 compiled with go1.26.4 on linux/amd64\n"), {
    version: "0.19.1",
    major: 0,
    minor: 19,
    patch: 1,
  });
  assert.equal(
    parseResticVersion('{"message_type":"version","version":"0.18.0","go_os":"linux"}')?.version,
    "0.18.0",
  );
  assert.equal(
    parseResticVersion("restic 0.17.3-dev (compiled manually) compiled with go1.22")?.version,
    "0.17.3",
  );
  assert.equal(parseResticVersion("bash: restic: not found"), null);
  assert.equal(parseResticVersion("{broken"), null);
});

Deno.test("versions compare numerically and features are decided by version", () => {
  assert.ok(compareVersions("0.10.0", "0.9.9") > 0);
  assert.equal(compareVersions("0.17.1", "0.17.1"), 0);
  assert.ok(compareVersions(MIN_RESTIC_VERSION, PINNED_RESTIC_VERSION) < 0);
  assert.equal(isSupportedVersion(parseResticVersion("restic 0.14.0")!), false);
  assert.equal(isSupportedVersion(parseResticVersion("restic 0.17.0")!), false);
  assert.equal(isSupportedVersion(parseResticVersion("restic 0.17.1")!), true);
  assert.equal(supportsJsonExitError(parseResticVersion("restic 0.17.3")!), false);
  assert.equal(supportsJsonExitError(parseResticVersion("restic 0.18.0")!), true);
});

Deno.test("the test restic is the pinned version", async () => {
  assert.equal((await testRestic()).version.version, PINNED_RESTIC_VERSION);
});
