import { delimiter, join } from "../fs/path.ts";
import { ResticUnavailableError, SyncError, UsageError } from "../errors.ts";
import { cachedBinaryProblem } from "./binaryCheck.ts";
import { ensurePrivateDir, resticBinaryDir } from "./binaryDir.ts";
import { cachedBinaryName, downloadRestic } from "./download.ts";
import {
  isSupportedVersion,
  MIN_RESTIC_VERSION,
  parseResticVersion,
  PINNED_RESTIC_VERSION,
  type ResticVersion,
} from "./version.ts";

/** A restic executable this tool can drive. */
export interface ResticBinary {
  path: string;
  version: ResticVersion;
}

export interface FindResticOptions {
  /** `--restic-binary`. */
  flag?: string;
  /** Read for `INSTANCE_SYNC_RESTIC` and `PATH`. */
  env: Record<string, string | undefined>;
  /**
   * The user's private folder that holds (or receives) the downloaded `restic-<version>[.exe]`
   * (default: resticBinaryDir of `env`); null: nothing is cached, downloaded or remembered.
   */
  cacheDir?: string | null;
  /** `--no-download`. */
  noDownload: boolean;
  /** Default: restic's GitHub releases. Tests point it at a local fixture server. */
  downloadBaseUrl?: string;
  onInfo?: (message: string) => void;
  signal?: AbortSignal;
  /** Tests only: the asset checksums to trust instead of the pinned ones. */
  pinned?: Readonly<Record<string, string>>;
}

/**
 * Finds the restic to run (docs/contract.md#restic): `--restic-binary`, then `$INSTANCE_SYNC_RESTIC`, then the cached
 * download in `cacheDir`, then `restic` on PATH if its version is supported, then a download of the
 * pinned release (unless `noDownload`). A binary named explicitly (flag or env) that is missing or too
 * old is an error rather than silently replaced; an unusable one on PATH is skipped with a note.
 * Nothing inside a pack folder or a temp folder is ever run: the cached copy runs only from the
 * user's private folder and after its checksum check (binaryCheck.ts).
 */
export async function findRestic(options: FindResticOptions): Promise<ResticBinary> {
  const opts = {
    ...options,
    cacheDir: options.cacheDir === undefined ? resticBinaryDir(options.env) : options.cacheDir,
  };
  const probeVersion = (path: string) => probeVersionMemo(path, opts.cacheDir);
  if (opts.flag) return await explicit(opts.flag, "--restic-binary", probeVersion);
  const fromEnv = opts.env.INSTANCE_SYNC_RESTIC;
  if (fromEnv) return await explicit(fromEnv, "$INSTANCE_SYNC_RESTIC", probeVersion);

  const cached = opts.cacheDir ? join(opts.cacheDir, cachedBinaryName(PINNED_RESTIC_VERSION)) : null;
  if (opts.cacheDir && cached && await isFile(cached)) {
    const problem = await cachedBinaryProblem(opts.cacheDir, PINNED_RESTIC_VERSION, cached);
    if (problem) {
      opts.onInfo?.(`Not running the cached restic at "${cached}": ${problem}`);
    } else {
      const version = await probeVersion(cached);
      if (version && isSupportedVersion(version)) return { path: cached, version };
      opts.onInfo?.(
        `Ignoring the cached restic at "${cached}": it does not run as restic ${PINNED_RESTIC_VERSION}`,
      );
    }
  }

  const onPath = await whichRestic(opts.env.PATH ?? "");
  if (onPath) {
    const version = await probeVersion(onPath);
    if (version && isSupportedVersion(version)) return { path: onPath, version };
    opts.onInfo?.(
      `Ignoring restic ${version?.version ?? "(unknown version)"} at "${onPath}": ` +
        `instance-sync needs ${MIN_RESTIC_VERSION} or newer`,
    );
  }

  const notFound = `restic ${MIN_RESTIC_VERSION} or newer is needed but none was found`;
  const provide = `install restic ${MIN_RESTIC_VERSION}+ on PATH, or pass --restic-binary=PATH ` +
    `(or set INSTANCE_SYNC_RESTIC)`;
  if (opts.noDownload) {
    throw new ResticUnavailableError(`${notFound}, and --no-download forbids fetching it; ${provide}`);
  }
  if (!opts.cacheDir) {
    throw new ResticUnavailableError(
      `${notFound}, and there is no cache folder to download it into (no HOME or LOCALAPPDATA); ${provide}`,
    );
  }
  let path: string;
  try {
    path = await downloadRestic({
      version: PINNED_RESTIC_VERSION,
      cacheDir: opts.cacheDir,
      baseUrl: opts.downloadBaseUrl,
      signal: opts.signal,
      onInfo: opts.onInfo,
      pinned: opts.pinned,
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    // Not "offline": the player needs to know restic is what is missing, and why it could not be had
    // (no network, a checksum mismatch, a cache folder that cannot be written).
    const cause = e instanceof Error ? e.message : String(e);
    const error = new ResticUnavailableError(
      `${notFound}, and downloading restic ${PINNED_RESTIC_VERSION} failed: ${cause}; ${provide}`,
    );
    error.detail = (e instanceof SyncError ? e.detail : undefined) ?? (e as Error)?.stack ?? cause;
    throw error;
  }
  const version = await probeVersion(path);
  if (!version) throw new UsageError(`The downloaded restic at "${path}" does not run`);
  return { path, version };
}

async function explicit(
  path: string,
  source: string,
  probeVersion: (path: string) => Promise<ResticVersion | null>,
): Promise<ResticBinary> {
  if (!(await isFile(path))) throw new UsageError(`restic from ${source} "${path}" does not exist`);
  const version = await probeVersion(path);
  if (!version) throw new UsageError(`restic from ${source} "${path}" does not answer "restic version"`);
  if (!isSupportedVersion(version)) {
    throw new UsageError(
      `restic from ${source} "${path}" is ${version.version}; instance-sync needs ${MIN_RESTIC_VERSION} or newer`,
    );
  }
  return { path, version };
}

/**
 * `probeVersion`, remembered in `<cacheDir>/restic-version.json` by path, size and mtime: every
 * push or pull that starts restic would otherwise pay ~16 ms for `restic version`.
 */
async function probeVersionMemo(path: string, cacheDir: string | null): Promise<ResticVersion | null> {
  if (!cacheDir) return await probeVersion(path);
  const info = await Deno.stat(path).catch(() => null);
  if (!info?.isFile) return null;
  const key = `${path}|${info.size}|${info.mtime?.getTime() ?? 0}`;
  const memo = join(cacheDir, "restic-version.json");
  try {
    const saved = JSON.parse(await Deno.readTextFile(memo));
    if (saved?.key === key && typeof saved.version === "string") {
      const version = parseResticVersion(`restic ${saved.version}`);
      if (version) return version;
    }
  } catch { /* no memo yet, or unreadable: probe */ }
  const version = await probeVersion(path);
  if (version) {
    // The private folder is made on first use, so a restic named by flag or found on PATH is probed once.
    await ensurePrivateDir(cacheDir)
      .then(() => Deno.writeTextFile(memo, JSON.stringify({ key, version: version.version })))
      .catch(() => {});
  }
  return version;
}

/** Runs `<path> version` (10 s limit); null when it fails or prints something else. */
export async function probeVersion(path: string): Promise<ResticVersion | null> {
  try {
    const out = await new Deno.Command(path, {
      args: ["version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      signal: AbortSignal.timeout(10_000),
    }).output();
    return out.success ? parseResticVersion(new TextDecoder().decode(out.stdout)) : null;
  } catch {
    return null;
  }
}

async function whichRestic(pathVar: string): Promise<string | null> {
  const names = Deno.build.os === "windows" ? ["restic.exe"] : ["restic"];
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (await isFile(candidate)) return candidate;
    }
  }
  return null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
