/**
 * A pass-through proxy to a real rest-server that runs in a Worker, so it answers on its own thread
 * while the test's thread is busy (a synchronous manifest scan in-process), and writes down when each
 * request arrived (`Date.now()`). Only the arrival times are added; every answer is the real server's.
 */

export interface ArrivalProxy {
  /** `http://127.0.0.1:PORT`, to write into sync.json. */
  url: string;
  /** `METHOD /path` and the wall-clock ms it arrived at, in order. */
  arrivals(): Promise<{ request: string; at: number }[]>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startArrivalProxy(upstream: string): Promise<ArrivalProxy> {
  const worker = new Worker(new URL("./arrivalProxyWorker.ts", import.meta.url), { type: "module" });
  const replies: ((data: unknown) => void)[] = [];
  worker.onmessage = (e) => replies.shift()?.(e.data);
  const ask = <T>(message: unknown) =>
    new Promise<T>((resolve) => {
      replies.push(resolve as (data: unknown) => void);
      worker.postMessage(message);
    });
  const { port } = await ask<{ port: number }>({ upstream });
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals: () => ask({ arrivals: true }),
    [Symbol.asyncDispose]: async () => {
      await ask({ stop: true });
      worker.terminate();
    },
  };
}
