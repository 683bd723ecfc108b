/**
 * Feeds restic's output to a handler that is still loading. The modules that read restic's JSON load
 * zod (about 45 ms on the 2-core bench machine), while restic spends longer than that opening the
 * repository (its key derivation alone) before it prints anything worth reading. So the driver starts
 * restic first and loads them meanwhile; a line that arrives early waits here, in order.
 */
export class PendingHandler<H> {
  private queue: ((handler: H) => void)[] = [];
  private handler?: H;
  private failure?: { error: unknown };
  /** The handler, once every line that waited has been handed to it; rejects with the first error. */
  readonly ready: Promise<H>;

  constructor(loading: Promise<H>) {
    this.ready = loading.then((handler) => {
      for (const feed of this.queue) this.call(feed, handler);
      this.queue = [];
      this.handler = handler;
      if (this.failure) throw this.failure.error;
      return handler;
    });
    // Awaited by the caller after restic exits; a restic that failed first makes its own error.
    this.ready.catch(() => {});
  }

  /** Hands `feed` the handler now, or when it has loaded. Throws as `feed` does once loaded. */
  feed(feed: (handler: H) => void): void {
    if (this.handler) feed(this.handler);
    else this.queue.push(feed);
  }

  private call(feed: (handler: H) => void, handler: H): void {
    try {
      feed(handler);
    } catch (e) {
      this.failure ??= { error: e };
    }
  }
}
