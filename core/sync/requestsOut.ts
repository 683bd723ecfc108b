/**
 * Lets requests that were just started go out before a synchronous stretch of work (the manifest scan).
 * Deno drives fetch's connection and writes from this thread's event loop, and a synchronous scan does
 * not turn it: a request started right before the scan would leave only after it, and the server's
 * answer would add to the scan instead of arriving during it. A few macrotask turns (connect, write the
 * request) put it on the wire. Measured with a server that answers after 80 ms and 100 ms of synchronous
 * work: 203–270 ms without the turns, 136–156 ms with three. Fewer than five turns in a row, so no turn
 * is clamped to 4 ms (timers nested deeper than five are).
 */
export async function letRequestsOut(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((go) => setTimeout(go, 0));
}
