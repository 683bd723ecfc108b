/**
 * Lets requests that were just started go out before a synchronous stretch of work (the manifest scan).
 * Deno drives fetch's connection and writes from this thread's event loop, and a synchronous scan does
 * not turn it: a request started right before the scan would leave only after it, and the server's
 * answer would add to the scan instead of arriving during it. Two macrotask turns (connect, then write
 * the request) put it on the wire; fewer than five in a row, so no turn is clamped to 4 ms.
 *
 * Measured on the bench's 3,200-file instance: behind a proxy that adds 40 ms per request (a distant
 * server), an up-to-date pull took 210 ms instead of 240 and `status` 333 instead of 355 (medians of 12);
 * with the bench's local server, whose answer takes a few ms, the turns cost ~5 ms.
 */
export async function letRequestsOut(turns = 2): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((go) => setTimeout(go, 0));
}
