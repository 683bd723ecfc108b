/**
 * The real tools the integration tests run: restic and rest-server, from `scripts/install-tools.sh`
 * (Debian's packages unpacked into `.cache/restic`) unless the environment names others. A missing tool
 * fails the test loudly — these tests are the default tier, never silently skipped.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ResticBinary } from "../../core/restic/binary.ts";
import { probeVersion } from "../../core/restic/binary.ts";

/** The checkout's root folder. */
export const REPO_ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");

const CACHE_BIN = join(REPO_ROOT, ".cache", "restic", "usr", "bin");

function tool(envName: string, fallback: string, what: string): string {
  const path = Deno.env.get(envName) || fallback;
  try {
    if (Deno.statSync(path).isFile) return path;
  } catch {
    // reported below
  }
  throw new Error(
    `${what} not found at "${path}": run \`bash scripts/install-tools.sh\` (or set ${envName} to its path)`,
  );
}

/** Path of the restic used by tests (`$INSTANCE_SYNC_TEST_RESTIC`, else `.cache/restic/usr/bin/restic`). */
export function testResticPath(): string {
  return tool("INSTANCE_SYNC_TEST_RESTIC", join(CACHE_BIN, "restic"), "restic");
}

/** Path of rest-server (`$INSTANCE_SYNC_TEST_REST_SERVER`, else `.cache/restic/usr/bin/restic-rest-server`). */
export function testRestServerPath(): string {
  return tool("INSTANCE_SYNC_TEST_REST_SERVER", join(CACHE_BIN, "restic-rest-server"), "rest-server");
}

let cached: Promise<ResticBinary> | undefined;

/** The test restic with its probed version. */
export function testRestic(): Promise<ResticBinary> {
  cached ??= (async () => {
    const path = testResticPath();
    const version = await probeVersion(path);
    if (!version) {
      throw new Error(`"${path}" does not answer "restic version"; run \`bash scripts/install-tools.sh\``);
    }
    return { path, version };
  })();
  return cached;
}
