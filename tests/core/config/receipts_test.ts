/**
 * Validation receipts (core/config/receipts.ts): zod is skipped only for bytes it accepted before, and
 * everything else is validated — and refused — exactly as without receipts.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { instancePaths } from "../../../core/config/paths.ts";
import {
  forgetReceipts,
  parseWithReceipt,
  saveReceipts,
  SCHEMA_EPOCH,
  vouchFor,
} from "../../../core/config/receipts.ts";
import { ScopeSchema } from "../../../core/config/scopeSchema.ts";
import { SyncJsonSchema } from "../../../core/config/syncJsonSchema.ts";
import { ConfigError } from "../../../core/errors.ts";
import { ListingSchema } from "../../../core/restic/listingSchema.ts";
import { emptyState, readState, writeState } from "../../../core/sync/state.ts";
import { StateSchema } from "../../../core/sync/stateSchema.ts";

const ID = "01JD0000000000000000000000";

async function tempPaths() {
  const pack = await Deno.makeTempDir({ prefix: "is-receipts-" });
  await Deno.mkdir(`${pack}/.cloud-sync`);
  return instancePaths(pack);
}

/** A schema loader that counts how often a run needed zod. */
function counted<T>(schema: z.ZodType<T>) {
  const loader = () => {
    loader.calls++;
    return Promise.resolve(schema);
  };
  loader.calls = 0;
  return loader;
}

async function sha256(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("bytes zod accepted once are read again without zod, in a later run too", async () => {
  const paths = await tempPaths();
  const text = JSON.stringify({ instance_id: ID, url: "https://sync.example", extra: [1, { a: null }] });
  const load = counted(SyncJsonSchema);
  const first = await parseWithReceipt(paths, "sync.json", text, paths.syncJson, load);
  assert.equal(load.calls, 1);
  await saveReceipts(paths); // the run ended well
  forgetReceipts(); // a new process: receipts come from .cloud-sync/validated
  const again = await parseWithReceipt(paths, "sync.json", text, paths.syncJson, load);
  assert.equal(load.calls, 1, "the receipt stood for the same bytes");
  assert.deepEqual(again, first);
  assert.match(
    await Deno.readTextFile(paths.validated),
    new RegExp(`^sync\\.json ${await sha256(text)}$`, "m"),
  );
});

Deno.test("a changed text is validated again, and a bad one is refused naming the file and field", async () => {
  const paths = await tempPaths();
  const good = JSON.stringify({ instance_id: ID, url: "https://a.example" });
  const load = counted(SyncJsonSchema);
  await parseWithReceipt(paths, "sync.json", good, paths.syncJson, load);
  await saveReceipts(paths);
  forgetReceipts();
  // Same length, one character different: only the hash tells them apart.
  const bad = good.replace(ID, ID.replace("0", "U"));
  await assert.rejects(
    () => parseWithReceipt(paths, "sync.json", bad, paths.syncJson, load),
    (e: Error) =>
      e instanceof ConfigError && e.message.includes(paths.syncJson) && /instance_id/.test(e.message),
  );
  assert.equal(load.calls, 2);
  // The refused text got no receipt; the good one still has its own.
  await assert.rejects(() => parseWithReceipt(paths, "sync.json", bad, paths.syncJson, load), ConfigError);
  await parseWithReceipt(paths, "sync.json", good, paths.syncJson, load);
  assert.equal(load.calls, 3);
});

Deno.test("a text zod changes (a normalized scope path) gets no receipt: it is validated every time", async () => {
  const paths = await tempPaths();
  const text = JSON.stringify({ include: ["./saves/"] });
  const load = counted(ScopeSchema);
  const value = await parseWithReceipt(paths, "scope.json", text, paths.scope, load);
  assert.deepEqual(value.include, ["saves"]);
  await saveReceipts(paths);
  forgetReceipts();
  assert.deepEqual((await parseWithReceipt(paths, "scope.json", text, paths.scope, load)).include, ["saves"]);
  assert.equal(load.calls, 2);
});

Deno.test("receipts of another schema epoch, or a damaged receipt file, count for nothing", async () => {
  const paths = await tempPaths();
  const text = JSON.stringify(["a", "b"]);
  for (
    const file of [
      `instance-sync validated ${SCHEMA_EPOCH + 1}\nlisting ${await sha256(text)}\n`,
      `garbage\u0000\nlisting ${await sha256(text)}\n`,
      "",
    ]
  ) {
    await Deno.writeTextFile(paths.validated, file);
    forgetReceipts();
    const load = counted(ListingSchema);
    assert.deepEqual(await parseWithReceipt(paths, "listing", text, "listing", load), ["a", "b"]);
    assert.equal(load.calls, 1, JSON.stringify(file));
  }
});

Deno.test("writeState vouches for what it wrote; a state.json edited afterwards is validated and refused", async () => {
  const paths = await tempPaths();
  forgetReceipts();
  const state = {
    ...emptyState(),
    baseManifest: { "saves/W/level.dat": [10, 1700000000000] as [number, number] },
  };
  await writeState(paths, state);
  await saveReceipts(paths);
  const written = await Deno.readTextFile(paths.state);
  assert.match(
    await Deno.readTextFile(paths.validated),
    new RegExp(`^state\\.json ${await sha256(written)}$`, "m"),
  );
  forgetReceipts();
  assert.deepEqual(await readState(paths), state);
  // A hand edit that breaks the manifest: the receipt is for other bytes, so zod sees it and refuses.
  await Deno.writeTextFile(paths.state, written.replace("saves/W/level.dat", "../outside"));
  forgetReceipts();
  await assert.rejects(
    () => readState(paths),
    (e: Error) => e instanceof ConfigError && /\.\./.test(e.message),
  );
});

Deno.test("receipts recorded by a run that does not end well are never written", async () => {
  const paths = await tempPaths();
  forgetReceipts();
  await parseWithReceipt(paths, "listing", "[]", "listing", counted(ListingSchema));
  forgetReceipts(); // the run failed later: no saveReceipts
  assert.equal(await Deno.readTextFile(paths.validated).catch(() => null), null);
});

Deno.test("a vouch for a text zod refuses records nothing", async () => {
  const paths = await tempPaths();
  forgetReceipts();
  await vouchFor(paths, "state.json", JSON.stringify({ version: 2 }), () => Promise.resolve(StateSchema));
  await saveReceipts(paths);
  assert.equal(await Deno.readTextFile(paths.validated).catch(() => ""), "");
});

/**
 * The receipted schemas' shape, pinned to SCHEMA_EPOCH: changing one without bumping the epoch would let
 * old receipts vouch for bytes the new schema was never asked about. zod's JSON Schema export shows
 * fields, types, patterns and limits; the hand-written manifest check inside StateSchema shows as "any",
 * so a change there needs the bump by hand (the comment in receipts.ts says so).
 */
const PINNED: Record<number, string> = {
  1: "12a9ad34ac5dd4590c172a176a31ba8149576293aacadcda48d1a19b70fb428c",
  2: "20b62e933e7aebfdf572ee4fb5d0a2a1a49eb464270c596744632ab2a712e161",
};

Deno.test("the receipted schemas are the ones SCHEMA_EPOCH was pinned with", async () => {
  const shapes = [SyncJsonSchema, ScopeSchema, StateSchema, ListingSchema].map((s) =>
    z.toJSONSchema(s, { unrepresentable: "any", io: "input" })
  );
  const fingerprint = await sha256(JSON.stringify(shapes));
  assert.equal(
    fingerprint,
    PINNED[SCHEMA_EPOCH],
    "a receipted schema changed: bump SCHEMA_EPOCH in core/config/receipts.ts and pin the new fingerprint",
  );
});
