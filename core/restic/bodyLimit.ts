/**
 * Bounded reads of what a server answers (docs/hostile-input.md): an endless or gigabyte listing is cut off
 * at a limit instead of filling memory. Free of imports: the launcher hook's listing uses it.
 */

/** One listing (`GET snapshots/`, `keys/`, `index/`): ~90 bytes an entry, so ~180,000 entries. */
export const MAX_LISTING_BYTES = 16 * 1024 * 1024;
/** Entries of one listing, from a rest-server or a local folder. */
export const MAX_LISTING_ENTRIES = 200_000;

/**
 * A response body, read until `limit` bytes and no further; a larger one (announced or not) throws
 * `tooLarge()` and the rest of it is never downloaded.
 */
export async function readLimited(res: Response, limit: number, tooLarge: () => Error): Promise<Uint8Array> {
  const announced = Number(res.headers.get("content-length") ?? NaN);
  if (announced > limit) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The first `n` bytes of a body (fewer when it is shorter); the rest is never downloaded. */
export async function readPrefix(res: Response, n: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.length, n - got);
    out.set(value.subarray(0, take), got);
    got += take;
  }
  await reader.cancel().catch(() => {});
  return got === n ? out : out.slice(0, got);
}

/** "16 MiB", "64 KiB". */
export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}
