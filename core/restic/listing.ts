/**
 * The pull fast path (docs/contract.md#sync-semantics, pull step 2): which snapshots exist, without starting restic (which
 * spends ~0.7 s deriving its key before it can say anything). For a rest-server it is one HTTP GET of
 * the REST API's snapshot listing; for a local repository a directory read; restic only otherwise.
 * Snapshot files are named by their full id, so the listing is exactly the set of snapshot ids.
 */
import { join } from "../fs/path.ts";
import type { InstancePaths } from "../config/paths.ts";
import { validateWithReceipt } from "../config/receipts.ts";
import { InterruptedError, OfflineError, ResticError } from "../errors.ts";
import { describeBytes, MAX_LISTING_BYTES, MAX_LISTING_ENTRIES, readLimited } from "./bodyLimit.ts";
import { errorForHttpStatus } from "./httpStatus.ts";
import { type RepoTarget, scrub } from "./repo.ts";

export interface ListingOptions {
  signal?: AbortSignal;
  /** HTTP request limit (default 15000 ms); a server that does not answer in time is offline. */
  timeoutMs?: number;
  /**
   * The instance whose validation receipts (core/config/receipts.ts) may vouch for a snapshot listing
   * seen before; without it, zod checks every listing.
   */
  receipts?: InstancePaths;
}

const SNAPSHOT_ID = /^[0-9a-f]{64}$/;
/** REST v2 answers `[{name, size}]`; a v1-only server answers `["name", …]` (listingSchema.ts). */
type Listing = { name: string; size?: number }[] | string[];

/**
 * Full snapshot ids in the repository, sorted. A repository that does not exist yet lists as [].
 * Throws AuthError (401/403), OfflineError (connection refused, DNS, timeout; ServerError for 5xx and
 * 429, see httpStatus.ts), InterruptedError.
 */
export async function listSnapshotIds(
  target: RepoTarget,
  fallback: () => Promise<string[]>,
  opts: ListingOptions = {},
): Promise<string[]> {
  let names: string[];
  if (target.kind === "rest") {
    const res = await restRequest(target, "snapshots/", "GET", opts);
    if (res.status === 404) {
      await res.body?.cancel();
      return [];
    }
    let text: string;
    try {
      text = new TextDecoder().decode(await readLimited(res, MAX_LISTING_BYTES, () => tooLarge(target)));
    } catch (e) {
      if (e instanceof ResticError) throw e;
      throw new ResticError(`The snapshot listing of "${target.server}" is not JSON`, null);
    }
    const validate = async () => {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw new ResticError(`The snapshot listing of "${target.server}" is not JSON`, null);
      }
      const parsed = (await import("./listingSchema.ts")).ListingSchema.safeParse(raw);
      if (!parsed.success) {
        throw new ResticError(`The snapshot listing of "${target.server}" has an unknown shape`, null);
      }
      return { value: parsed.data as Listing, raw };
    };
    const listing = opts.receipts
      ? await validateWithReceipt(opts.receipts, "listing", text, validate)
      : (await validate()).value;
    if (listing.length > MAX_LISTING_ENTRIES) throw tooLarge(target);
    names = listing.map((e) => typeof e === "string" ? e : e.name);
  } else if (target.kind === "local") {
    names = await readDirNames(join(target.localPath!, "snapshots"));
  } else {
    names = await fallback();
  }
  return names.filter((n) => SNAPSHOT_ID.test(n)).sort();
}

/**
 * Ids of the lock files in the repository: one GET for a rest-server, a folder read for a local
 * repository; null for other backends, where only restic could tell. A killed restic leaves its lock
 * behind; this lets the driver run `restic unlock` only when there is something to clean.
 */
export async function listLockIds(target: RepoTarget, opts: ListingOptions = {}): Promise<string[] | null> {
  let names: string[];
  if (target.kind === "rest") {
    const res = await restRequest(target, "locks/", "GET", opts);
    if (res.status === 404) {
      await res.body?.cancel();
      return [];
    }
    const { ListingSchema } = await import("./listingSchema.ts");
    const body = await readLimited(res, MAX_LISTING_BYTES, () => tooLarge(target));
    let raw: unknown = null;
    try {
      raw = JSON.parse(new TextDecoder().decode(body));
    } catch { /* not a listing: answered below */ }
    const parsed = ListingSchema.safeParse(raw);
    if (!parsed.success) return null;
    names = parsed.data.map((e) => typeof e === "string" ? e : e.name);
  } else if (target.kind === "local") {
    names = await readDirNames(join(target.localPath!, "locks"));
  } else {
    return null;
  }
  return names.filter((n) => SNAPSHOT_ID.test(n)).sort();
}

/** True when the repository exists (its `config` is there): a HEAD request, a stat, or `fallback`. */
export async function repositoryExists(
  target: RepoTarget,
  fallback: () => Promise<boolean>,
  opts: ListingOptions = {},
): Promise<boolean> {
  if (target.kind === "rest") {
    const res = await restRequest(target, "config", "HEAD", opts);
    await res.body?.cancel();
    return res.status !== 404;
  }
  if (target.kind === "local") {
    try {
      return (await Deno.stat(join(target.localPath!, "config"))).isFile;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw e;
    }
  }
  return await fallback();
}

/** One request to the rest-server; returns 2xx and 404 responses, throws typed errors for the rest. */
export async function restRequest(
  target: RepoTarget,
  path: string,
  method: string,
  opts: ListingOptions,
  extraHeaders: Record<string, string> = {},
  body?: Uint8Array,
): Promise<Response> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const headers: Record<string, string> = { Accept: "application/vnd.x.restic.rest.v2", ...extraHeaders };
  if (target.auth) headers.Authorization = `Basic ${basic(target.auth.user, target.auth.password)}`;
  let res: Response;
  try {
    res = await fetch(`${target.restBase}${path}`, {
      method,
      headers,
      signal,
      body: body as BodyInit | undefined,
    });
  } catch (e) {
    if (opts.signal?.aborted) throw new InterruptedError();
    if (timeout.aborted) {
      throw offline(
        `Cannot reach "${target.server}": no answer within ${seconds(timeoutMs)}`,
        target,
        method,
        path,
      );
    }
    throw offline(
      `Cannot reach "${target.server}": ${fetchFailureReason(e)}`,
      target,
      method,
      path,
      (e as Error)?.message,
    );
  }
  if (res.ok || res.status === 404) return res;
  await res.body?.cancel();
  throw errorForHttpStatus(
    res.status,
    target.server,
    `${method} ${target.display}${path}: HTTP ${res.status} ${res.statusText}`,
  )!;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function offline(
  message: string,
  target: RepoTarget,
  method: string,
  path: string,
  cause?: string,
): OfflineError {
  const error = new OfflineError(scrub(message, target));
  error.detail = scrub(`${method} ${target.display}${path}${cause ? `: ${cause}` : ""}`, target);
  return error;
}

function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return btoa(String.fromCharCode(...bytes));
}

/** A short reason from a fetch failure ("connection refused", "dns error", …). */
export function fetchFailureReason(e: unknown): string {
  const text = `${(e as Error)?.message ?? e} ${(e as { cause?: Error })?.cause?.message ?? ""}`;
  const m =
    /connection refused|dns error|failed to lookup address|no such host|timed out|connection reset|unreachable/i
      .exec(text);
  return m ? m[0].toLowerCase() : "the connection failed";
}

/** A listing larger than any repository's: refused (a hostile server's endless answer), never kept. */
function tooLarge(target: RepoTarget): ResticError {
  return new ResticError(
    `The listing of "${target.server ?? target.display}" is larger than ${describeBytes(MAX_LISTING_BYTES)}` +
      ` or ${MAX_LISTING_ENTRIES} entries; refusing it`,
    null,
  );
}

async function readDirNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile) names.push(e.name);
      if (names.length > MAX_LISTING_ENTRIES) {
        throw new ResticError(`"${dir}" holds more than ${MAX_LISTING_ENTRIES} entries; refusing it`, null);
      }
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return names;
}
