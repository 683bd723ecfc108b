import { join } from "../fs/path.ts";
import { OfflineError, ResticError } from "../errors.ts";
import { recordBinary } from "./binaryCheck.ts";
import { ensurePrivateDir } from "./binaryDir.ts";
import { fetchFailureReason } from "./listing.ts";

/** Where restic's release assets live; tests point this at a local `Deno.serve` fixture. */
export const DEFAULT_DOWNLOAD_BASE_URL = "https://github.com/restic/restic/releases/download";

/**
 * SHA-256 of each release asset of the pinned restic (PINNED_RESTIC_VERSION), from restic's v0.19.1
 * SHA256SUMS. A download must match this as well as the SHA256SUMS it is served with: a mirror
 * (`INSTANCE_SYNC_RESTIC_DOWNLOAD_URL`) or a tampered release cannot hand over another binary with
 * a matching checksum file. Updated by hand together with PINNED_RESTIC_VERSION.
 */
export const PINNED_ASSET_SHA256: Readonly<Record<string, string>> = {
  "restic_0.19.1_linux_amd64.bz2": "f415415624dcc452f2a02b8c33641791a8c6d6d3b65bbb3543fcf9a25151585c",
  "restic_0.19.1_linux_arm64.bz2": "a5f64aaab53d51e311fa3829124c5b703f2d14cf187d8640b6be3b2b49376465",
  "restic_0.19.1_darwin_amd64.bz2": "c38d579622cf602f665234c5a8c315030b6cf70656028fe6dc29a786b60e5f35",
  "restic_0.19.1_darwin_arm64.bz2": "7be0a144ccc377880f294204aa271d76e4b79554b42a751151d425ce6ebac143",
  "restic_0.19.1_windows_amd64.zip": "da948ad707ed690426473aaba2046cd61f8f90f6f0e7dab6be0d5796531de67d",
};

export interface DownloadOptions {
  version: string;
  /** Folder that receives `restic-<version>[.exe]`. */
  cacheDir: string;
  baseUrl?: string;
  /** Deno.build.os / Deno.build.arch by default. */
  os?: string;
  arch?: string;
  signal?: AbortSignal;
  onInfo?: (message: string) => void;
  /** The asset checksums to trust (default PINNED_ASSET_SHA256); tests pass their fixture's. */
  pinned?: Readonly<Record<string, string>>;
}

/** File name of the cached binary: `restic-0.19.1` (`restic-0.19.1.exe` on Windows). */
export function cachedBinaryName(version: string, os: string = Deno.build.os): string {
  return `restic-${version}${os === "windows" ? ".exe" : ""}`;
}

/**
 * Name of the release asset for an OS/arch: `restic_<ver>_<os>_<arch>.bz2`, or
 * `restic_<ver>_windows_amd64.zip`. restic publishes no Windows arm64 build; Windows on arm64 runs the
 * amd64 one under its x64 emulation, so that is what it gets.
 */
export function assetName(
  version: string,
  os: string = Deno.build.os,
  arch: string = Deno.build.arch,
): string {
  const goArch = ({ x86_64: "amd64", aarch64: "arm64" } as Record<string, string>)[arch] ?? arch;
  if (os === "windows") return `restic_${version}_windows_amd64.zip`;
  if (!["linux", "darwin", "freebsd", "openbsd", "netbsd"].includes(os)) {
    throw new ResticError(
      `restic publishes no build for "${os}"; install restic and pass --restic-binary`,
      null,
    );
  }
  return `restic_${version}_${os}_${goArch}.bz2`;
}

/**
 * Downloads the pinned restic release into `cacheDir` (a private folder: binaryDir.ts) and returns
 * the binary's path. The archive is checked against the checksum pinned in this file and the
 * release's `SHA256SUMS` before anything is decoded or written, so a corrupted or tampered download
 * never lands on disk, let alone executable. The binary is written to a temp file, made executable,
 * then renamed into place (atomic: no half-written `restic-<ver>`), and its own SHA-256 recorded beside
 * it, checked before every run of the cached copy.
 */
export async function downloadRestic(opts: DownloadOptions): Promise<string> {
  const os = opts.os ?? Deno.build.os;
  const asset = assetName(opts.version, os, opts.arch);
  const base = `${(opts.baseUrl ?? DEFAULT_DOWNLOAD_BASE_URL).replace(/\/+$/, "")}/v${opts.version}`;
  opts.onInfo?.(`Downloading restic ${opts.version} (${asset})`);
  const sums = new TextDecoder().decode(await fetchBytes(`${base}/SHA256SUMS`, opts.signal));
  const expected = expectedSha256(sums, asset);
  const pinned = (opts.pinned ?? PINNED_ASSET_SHA256)[asset];
  if (!pinned) {
    throw new ResticError(`No checksum of ${asset} is pinned in instance-sync; not installed`, null);
  }
  if (expected !== pinned) {
    throw new ResticError(
      `The release's SHA256SUMS names another checksum for ${asset} than instance-sync pins ` +
        `(${expected}, pinned ${pinned}); not installed`,
      null,
    );
  }
  const archive = await fetchBytes(`${base}/${asset}`, opts.signal);
  const actual = await sha256Hex(archive);
  if (actual !== expected) {
    throw new ResticError(
      `Downloaded ${asset} does not match its SHA256SUMS entry (expected ${expected}, got ${actual}); not installed`,
      null,
    );
  }
  const binary = asset.endsWith(".zip") ? await unzipExe(archive, asset) : await bunzip(archive, asset);
  await ensurePrivateDir(opts.cacheDir);
  const path = join(opts.cacheDir, cachedBinaryName(opts.version, os));
  const tmp = join(
    opts.cacheDir,
    `.${cachedBinaryName(opts.version, os)}.${crypto.randomUUID().slice(0, 8)}.tmp`,
  );
  try {
    await Deno.writeFile(tmp, binary, { mode: 0o600, createNew: true });
    if (Deno.build.os !== "windows") await Deno.chmod(tmp, 0o755);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
  await recordBinary(opts.cacheDir, opts.version, path, await sha256Hex(binary));
  return path;
}

/** Finds `<hex>  <asset>` (or `<hex> *<asset>`) in a SHA256SUMS file. */
export function expectedSha256(sums: string, asset: string): string {
  for (const line of sums.split(/\r?\n/)) {
    const m = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/i.exec(line.trim());
    if (m && m[2] === asset) return m[1].toLowerCase();
  }
  throw new ResticError(`SHA256SUMS of the restic release has no entry for ${asset}; not installed`, null);
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: "follow" });
  } catch (e) {
    if (signal?.aborted) throw e;
    const error = new OfflineError(`cannot reach ${new URL(url).host} (${fetchFailureReason(e)})`);
    error.detail = `GET ${url}: ${(e as Error).message}`;
    throw error;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new ResticError(`${new URL(url).host} answered ${res.status} ${res.statusText} for ${url}`, null);
  }
  return new Uint8Array(await res.arrayBuffer());
}

// The decoders load only when a download happens: every other run skips them.
async function bunzip(archive: Uint8Array, asset: string): Promise<Uint8Array> {
  const { default: Bunzip } = await import("seek-bzip");
  try {
    return new Uint8Array(Bunzip.decode(archive));
  } catch (e) {
    throw new ResticError(`Cannot decompress ${asset}: ${(e as Error).message}`, null);
  }
}

async function unzipExe(archive: Uint8Array, asset: string): Promise<Uint8Array> {
  const { unzipSync } = await import("fflate");
  const entries = unzipSync(archive, { filter: (f) => f.name.toLowerCase().endsWith(".exe") });
  const names = Object.keys(entries);
  if (names.length !== 1) {
    throw new ResticError(`${asset} should hold exactly one .exe, found ${names.length}`, null);
  }
  return entries[names[0]];
}
