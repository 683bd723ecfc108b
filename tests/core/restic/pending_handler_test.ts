/** The driver starts restic before the modules that read its output have loaded (pendingHandler.ts). */
import assert from "node:assert/strict";
import { PendingHandler } from "../../../core/restic/pendingHandler.ts";
import { staticClosure } from "../../helpers/moduleGraph.ts";

function loading<H>() {
  let resolve!: (h: H) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<H>((res, rej) => [resolve, reject] = [res, rej]);
  return { promise, resolve, reject };
}

Deno.test("lines that arrive before the handler loads reach it in order, then later lines at once", async () => {
  const load = loading<string[]>();
  const pending = new PendingHandler(load.promise);
  pending.feed((seen) => seen.push("first"));
  pending.feed((seen) => seen.push("second"));
  const seen: string[] = [];
  load.resolve(seen);
  assert.equal(await pending.ready, seen);
  assert.deepEqual(seen, ["first", "second"]);
  pending.feed((s) => s.push("third"));
  assert.deepEqual(seen, ["first", "second", "third"], "a loaded handler is fed synchronously");
});

Deno.test("an error while catching up is the handler's outcome, and every queued line is still fed", async () => {
  const load = loading<string[]>();
  const pending = new PendingHandler(load.promise);
  pending.feed(() => {
    throw new Error("bad line");
  });
  pending.feed((seen) => seen.push("after"));
  const seen: string[] = [];
  load.resolve(seen);
  await assert.rejects(pending.ready, /bad line/);
  assert.deepEqual(seen, ["after"]);
});

Deno.test("a handler that cannot load rejects ready, and nothing is left unhandled", async () => {
  const load = loading<string[]>();
  const pending = new PendingHandler(load.promise);
  pending.feed((seen) => seen.push("never"));
  load.reject(new Error("cannot load"));
  await assert.rejects(pending.ready, /cannot load/);
});

Deno.test("starting restic loads no zod: the driver with its argv and offline watch, the binary finder, the upload", async () => {
  const readers = /^npm:zod@|\/core\/restic\/(events|failure|backup|restore|ls|snapshot)\.ts$/;
  for (const entry of ["core/restic/driver.ts", "core/restic/binary.ts", "core/sync/upload.ts"]) {
    const loaded = [...await staticClosure(entry)];
    assert.ok(loaded.length > 3, `${entry}: the walk found its imports`);
    assert.deepEqual(
      loaded.filter((m) => readers.test(m)),
      [],
      `${entry} loads restic's output readers statically`,
    );
  }
  // The same check on a module that does load them, so it cannot pass on a misspelt pattern.
  assert.ok([...await staticClosure("core/restic/failure.ts")].some((m) => readers.test(m)));
});
