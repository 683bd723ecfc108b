/// <reference lib="deno.worker" />
/** The Worker side of arrivalProxy.ts: a `Deno.serve` pass-through that notes each request's arrival. */
let server: Deno.HttpServer<Deno.NetAddr> | null = null;
const arrivals: { request: string; at: number }[] = [];

self.onmessage = async (e: MessageEvent) => {
  const msg = e.data;
  if (msg.upstream) {
    const upstream: string = msg.upstream;
    server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      const { pathname, search } = new URL(req.url);
      arrivals.push({ request: `${req.method} ${pathname}`, at: Date.now() });
      const res = await fetch(`${upstream}${pathname}${search}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: "manual",
      });
      return new Response(res.body, { status: res.status, headers: res.headers });
    });
    self.postMessage({ port: server.addr.port });
  } else if (msg.arrivals) {
    self.postMessage([...arrivals]);
  } else if (msg.stop) {
    await server?.shutdown();
    self.postMessage({ stopped: true });
  }
};
