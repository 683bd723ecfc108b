/**
 * Validation receipts (docs/performance.md#decisions: "keep validation at the boundary, but pay for it in proportion to what
 * changed"). zod checks every JSON text a run reads from the pack folder (sync.json, scope.json,
 * state.json) and the server's snapshot listing. Loading zod and walking a state.json of thousands of
 * files cost more than the rest of an up-to-date hook's work, yet those texts rarely change between
 * runs. So when zod accepts a text — and what it returns is exactly what the text parses to (no default
 * filled in, no path normalized) — the text's SHA-256 is recorded in `.cloud-sync/validated`. A later run
 * that reads the very same bytes takes `JSON.parse` alone; any other text (edited, damaged, written by
 * another version) goes through zod as before and is refused as before. A receipt only ever stands for
 * "zod accepted exactly these bytes": state.json written by this program is vouched for by validating
 * it right after the write, on the run that changed it.
 *
 * New receipts are kept in memory and written by `saveReceipts` when a run ends well, so a run refused
 * for bad input leaves the folder exactly as it found it. The file is a cache: missing, unreadable,
 * malformed or from another SCHEMA_EPOCH, it counts for nothing; failing to write it changes nothing
 * else; deleting it is always safe.
 */
import type { z } from "zod";
import { readTextOrNull, writeFileAtomic } from "../fs/atomic.ts";
import { parseJsonFile } from "./jsonFile.ts";
import type { InstancePaths } from "./paths.ts";

/**
 * Bump with any change to a receipted schema (SyncJsonSchema, ScopeSchema, StateSchema, ListingSchema):
 * receipts of another epoch count for nothing. tests/core/config/receipts_test.ts pins the schemas'
 * shape to this number and fails when one changes without a bump; it cannot see inside hand-written
 * checks (StateSchema's manifest check): a stricter one of those needs the bump too.
 */
export const SCHEMA_EPOCH = 2;
const HEADER = `instance-sync validated ${SCHEMA_EPOCH}`;

/** What a receipt can stand for: one slot per file (or the listing), the newest text only. */
export type ReceiptSlot = "sync.json" | "scope.json" | "state.json" | "listing";

interface Store {
  file: string;
  digests: Map<string, string>;
  /** Receipts recorded since the file was read or saved. */
  dirty: boolean;
}

const stores = new Map<string, Promise<Store>>();

/**
 * Parses `text` (a JSON file named `file` in errors) with `schema`, loaded only when these exact bytes
 * have no receipt. Errors are parseJsonFile's: one ConfigError naming the file and field.
 *
 * `.cloud-sync/validated` sits beside the files it vouches for, so whoever can plant a crafted file
 * there (a copied `.cloud-sync/` folder) can plant its receipt too: a receipt saves zod's work, it
 * proves nothing. `recheck` is the cheap, import-free test of what must never pass unchecked (paths,
 * ids); a receipted value that fails it is validated by the schema as if it had no receipt.
 */
export function parseWithReceipt<T>(
  paths: InstancePaths,
  slot: ReceiptSlot,
  text: string,
  file: string,
  schema: () => Promise<z.ZodType<T>>,
  hint?: string,
  recheck?: (value: T) => boolean,
): Promise<T> {
  return validateWithReceipt(paths, slot, text, async () => ({
    value: parseJsonFile(text, file, await schema(), hint),
    raw: JSON.parse(stripBom(text)),
  }), recheck);
}

/**
 * The general form: `validate` parses and checks `text` (with zod, throwing its caller's own errors) and
 * returns the value and the raw JSON; it runs only when these exact bytes have no receipt, and a receipt
 * is recorded only when the value is the raw JSON unchanged.
 */
export async function validateWithReceipt<T>(
  paths: InstancePaths,
  slot: ReceiptSlot,
  text: string,
  validate: () => Promise<{ value: T; raw: unknown }>,
  /** See parseWithReceipt: a receipted value must pass it too, else the schema decides. */
  recheck?: (value: T) => boolean,
): Promise<T> {
  const [digest, store] = await Promise.all([sha256(text), storeOf(paths)]);
  if (store.digests.get(slot) === digest) {
    try {
      const value = JSON.parse(stripBom(text)) as T;
      if (!recheck || recheck(value)) return value;
    } catch {
      // Cannot happen for bytes zod accepted; validate as if there were no receipt.
    }
  }
  const { value, raw } = await validate();
  if (sameJson(value, raw)) record(store, slot, digest);
  return value;
}

/**
 * After this program wrote `text` to a receipted file: validates it with `schema` and records its
 * receipt when zod accepts it, so the next run's read of it costs no zod. Never throws: a text that
 * fails gets no receipt, and the next read reports it as usual.
 */
export async function vouchFor<T>(
  paths: InstancePaths,
  slot: ReceiptSlot,
  text: string,
  schema: () => Promise<z.ZodType<T>>,
): Promise<void> {
  try {
    const raw = JSON.parse(stripBom(text));
    const parsed = (await schema()).safeParse(raw);
    if (parsed.success && sameJson(parsed.data, raw)) {
      const [digest, store] = await Promise.all([sha256(text), storeOf(paths)]);
      record(store, slot, digest);
    }
  } catch {
    // a receipt is an optimisation: without it the next read validates
  }
}

/** Writes the receipts this run recorded (call when the run ended well); never throws. */
export async function saveReceipts(paths: InstancePaths): Promise<void> {
  const store = await stores.get(paths.validated);
  if (!store?.dirty) return;
  store.dirty = false;
  const text = [HEADER, ...[...store.digests].map(([s, d]) => `${s} ${d}`)].join("\n") + "\n";
  await writeFileAtomic(store.file, text).catch(() => {});
}

/** Forgets the receipts read in this process (tests that edit `.cloud-sync/validated` by hand). */
export function forgetReceipts(): void {
  stores.clear();
}

function storeOf(paths: InstancePaths): Promise<Store> {
  let store = stores.get(paths.validated);
  if (!store) {
    store = readStore(paths.validated);
    stores.set(paths.validated, store);
  }
  return store;
}

async function readStore(file: string): Promise<Store> {
  const digests = new Map<string, string>();
  const text = await readTextOrNull(file).catch(() => null);
  const lines = text?.split("\n") ?? [];
  if (lines[0] === HEADER) {
    for (const line of lines.slice(1)) {
      const m = /^([a-z.]+) ([0-9a-f]{64})$/.exec(line);
      if (m) digests.set(m[1], m[2]);
    }
  }
  return { file, digests, dirty: false };
}

function record(store: Store, slot: ReceiptSlot, digest: string): void {
  if (store.digests.get(slot) === digest) return;
  store.digests.set(slot, digest);
  store.dirty = true;
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, "");
}

/** Deep equality of two JSON values (key order ignored, as zod may rebuild objects in its own order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => sameJson(x, bs[i]));
  }
  const ak = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  const ao = a as Record<string, unknown>;
  return ak.every((k) => Object.hasOwn(bo, k) && sameJson(ao[k], bo[k]));
}
