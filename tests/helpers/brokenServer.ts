/**
 * A loopback HTTP server that misbehaves the way real ones do (docs/troubleshooting.md): it answers chosen requests
 * with an error status (a reverse proxy whose backend is down says 502/503, a busy one 429) and passes
 * the others to a real rest-server, so restic and the cheap listing meet the failure where it matters.
 * A stand-in only for the failure; everything it lets through is the real server.
 */

export interface BrokenServerOptions {
  /** The real rest-server to pass requests through to (`http://127.0.0.1:PORT`); none: fail everything. */
  upstream?: string;
  /** The status for failed requests. */
  status: number;
  /** Which requests fail (default: all). */
  fail?: (req: Request) => boolean;
}

export interface BrokenServer {
  /** `http://127.0.0.1:PORT`, to write into sync.json as the player would. */
  url: string;
  /** `METHOD /path -> status` for every request, in order. */
  log: string[];
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * restic's requests, told apart from the in-process listing: restic's rest backend sends Go's default
 * user agent (`Go-http-client/1.1`, checked with restic 0.19.1), our fetch sends `Deno/…`.
 */
export const fromRestic = (req: Request) =>
  /^(Go-http-client|restic)\//.test(req.headers.get("user-agent") ?? "");

/** Starts the server on a free loopback port. */
export function startBrokenServer(opts: BrokenServerOptions): BrokenServer {
  const log: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const { pathname, search } = new URL(req.url);
    const line = `${req.method} ${pathname}`;
    if (!opts.upstream || (opts.fail ?? (() => true))(req)) {
      log.push(`${line} -> ${opts.status}`);
      await req.body?.cancel();
      return new Response(`${opts.status} from the broken test server\n`, { status: opts.status });
    }
    const res = await fetch(`${opts.upstream}${pathname}${search}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: "manual",
    });
    log.push(`${line} -> ${res.status}`);
    return new Response(res.body, { status: res.status, headers: res.headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    log,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
