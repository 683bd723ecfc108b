import { findRestic } from "../../restic/binary.ts";
import { assetName, DEFAULT_DOWNLOAD_BASE_URL } from "../../restic/download.ts";
import { MIN_RESTIC_VERSION, PINNED_RESTIC_VERSION } from "../../restic/version.ts";
import type { DoctorCheck, DoctorContext } from "../types.ts";

/**
 * restic can be had when a sync needs it: found as a run would find it (explicit binary, the cached
 * download, PATH), or else downloadable (its release folder answers). Up-to-date hooks need no restic,
 * so a missing restic only bites at the first real push or pull, mid-session.
 */
export const resticCheck: DoctorCheck = {
  id: "restic",
  async run(ctx) {
    const { loaded } = await ctx.config();
    if (!loaded?.ok) return [];
    const explicit = Boolean(ctx.env.INSTANCE_SYNC_RESTIC);
    try {
      await findRestic({ env: ctx.env, noDownload: true });
      return [];
    } catch (e) {
      if (explicit) {
        return [{ problem: (e as Error).message, fix: "Point INSTANCE_SYNC_RESTIC at a working restic" }];
      }
    }
    const unreachable = await downloadProblem(ctx);
    if (!unreachable) return [];
    return [{
      problem: `restic ${MIN_RESTIC_VERSION}+ is not installed and cannot be downloaded (${unreachable})`,
      fix: `Install restic ${MIN_RESTIC_VERSION} or newer on PATH, or set INSTANCE_SYNC_RESTIC to one`,
    }];
  },
};

/** Why restic's release cannot be fetched now, or null when its checksum file answers. */
async function downloadProblem(ctx: DoctorContext): Promise<string | null> {
  const base = (ctx.env.INSTANCE_SYNC_RESTIC_DOWNLOAD_URL || DEFAULT_DOWNLOAD_BASE_URL).replace(/\/+$/, "");
  let url: string;
  try {
    assetName(PINNED_RESTIC_VERSION); // an OS restic publishes no build for
    url = `${base}/v${PINNED_RESTIC_VERSION}/SHA256SUMS`;
  } catch (e) {
    return (e as Error).message;
  }
  try {
    const res = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(ctx.timeoutMs) });
    await res.body?.cancel();
    return res.ok ? null : `${url} answers ${res.status}`;
  } catch (e) {
    return `${url}: ${(e as Error).message}`;
  }
}
