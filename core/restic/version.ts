/**
 * restic versions: parsing `restic version` and deciding features by version, not by trial and error.
 */

/**
 * The oldest restic this tool drives. Below it the error mapping and restore cannot work as designed:
 * - exit codes 10 (no repository) and 11 (lock failed) exist from 0.17.0, 12 (wrong password) from
 *   0.17.1; older versions exit 1 for all of them;
 * - `restore --json` progress exists from 0.16.0, `restore --overwrite/--delete` and
 *   `backup --skip-if-unchanged` from 0.17.0.
 * Debian bookworm's 0.14 is below it, so an old distro restic on PATH is skipped, not used.
 */
export const MIN_RESTIC_VERSION = "0.17.1";

/** The release downloaded when no usable restic is found (and the one the tests run). */
export const PINNED_RESTIC_VERSION = "0.19.1";

export interface ResticVersion {
  /** `major.minor.patch`, e.g. "0.19.1". */
  version: string;
  major: number;
  minor: number;
  patch: number;
}

/**
 * Parses the output of `restic version` (`restic 0.19.1 compiled with go1.26.4 on linux/amd64`) or of
 * `restic version --json` (`{"message_type":"version","version":"0.19.1",…}`); null when it is neither.
 * Development builds (`0.19.1-dev (compiled manually)`) count as their base version.
 */
export function parseResticVersion(stdout: string): ResticVersion | null {
  const text = stdout.trim();
  let raw: string | undefined;
  if (text.startsWith("{")) {
    try {
      const v = JSON.parse(text).version;
      if (typeof v === "string") raw = v;
    } catch {
      return null;
    }
  } else {
    raw = /^restic (\d+\.\d+\.\d+)/m.exec(text)?.[1];
  }
  const m = raw ? /^v?(\d+)\.(\d+)\.(\d+)/.exec(raw) : null;
  if (!m) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { version: `${major}.${minor}.${patch}`, major, minor, patch };
}

/** Compares two `x.y.z` versions (or ResticVersion objects): negative, 0 or positive like a sort key. */
export function compareVersions(a: string | ResticVersion, b: string | ResticVersion): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

function parts(v: string | ResticVersion): number[] {
  if (typeof v !== "string") return [v.major, v.minor, v.patch];
  const nums = v.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
  if (nums.length !== 3 || nums.some((n) => !Number.isInteger(n))) throw new Error(`Not a version: "${v}"`);
  return nums;
}

/** True when this restic is new enough to be driven (see MIN_RESTIC_VERSION). */
export function isSupportedVersion(v: ResticVersion): boolean {
  return compareVersions(v, MIN_RESTIC_VERSION) >= 0;
}

/** restic ≥ 0.18.0 writes `{"message_type":"exit_error",…}` on stderr when run with `--json`. */
export function supportsJsonExitError(v: ResticVersion): boolean {
  return compareVersions(v, "0.18.0") >= 0;
}

/** restic ≥ 0.17.1 exits 12 on a wrong password (before: 1, recognised from the message). */
export function supportsWrongPasswordExitCode(v: ResticVersion): boolean {
  return compareVersions(v, "0.17.1") >= 0;
}

/** restic ≥ 0.17.0 has `backup --skip-if-unchanged`. */
export function supportsSkipIfUnchanged(v: ResticVersion): boolean {
  return compareVersions(v, "0.17.0") >= 0;
}
