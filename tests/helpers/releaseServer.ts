/** A fake restic release on 127.0.0.1 (`/v<version>/<asset>`), for download tests without the network. */
import { sha256Hex } from "../../core/restic/download.ts";

export interface ReleaseServer extends AsyncDisposable {
  /** Pass as `downloadBaseUrl`. */
  baseUrl: string;
  /** Paths requested so far. */
  requests: string[];
}

/**
 * Serves `assets` under `/v<version>/` plus a `SHA256SUMS` computed from `sumsOf` (default: the
 * assets themselves; pass the genuine bytes to serve a corrupted asset with the genuine checksum).
 */
export async function serveRelease(
  version: string,
  assets: Record<string, Uint8Array>,
  sumsOf: Record<string, Uint8Array> = assets,
): Promise<ReleaseServer> {
  const sums =
    (await Promise.all(Object.entries(sumsOf).map(async ([n, b]) => `${await sha256Hex(b)}  ${n}`)))
      .join("\n") + "\n";
  const files: Record<string, Uint8Array> = { ...assets, SHA256SUMS: new TextEncoder().encode(sums) };
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    requests.push(path);
    const prefix = `/v${version}/`;
    const body = path.startsWith(prefix) ? files[path.slice(prefix.length)] : undefined;
    return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response("Not Found", { status: 404 });
  });
  return {
    baseUrl: `http://127.0.0.1:${server.addr.port}`,
    requests,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
    },
  };
}

/** bzip2-compresses a file with the `bzip2` CLI (the test fixture is a real archive of a real binary). */
export async function bzip2File(path: string): Promise<Uint8Array> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("bzip2", { args: ["-c", "-9", path], stdout: "piped", stderr: "piped" })
      .output();
  } catch (e) {
    throw new Error(`The download tests need the bzip2 command to build their fixture release: ${e}`);
  }
  if (!out.success) throw new Error(`bzip2 failed: ${new TextDecoder().decode(out.stderr)}`);
  return out.stdout;
}
