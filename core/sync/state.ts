import { readConfigText, writeFileAtomic } from "../fs/atomic.ts";
import type { InstancePaths } from "../config/paths.ts";
import { parseWithReceipt, vouchFor } from "../config/receipts.ts";
import type { State } from "./stateSchema.ts";

export type { Manifest, Pending, SnapshotRef, State } from "./stateSchema.ts";

export function emptyState(): State {
  return { version: 1, base: null, baseManifest: {}, known: [], pending: null, supersede: null };
}

/** Reads `state.json`; a missing file is the empty state (a fresh instance). */
export async function readState(paths: InstancePaths): Promise<State> {
  // The manifest grows with the files in scope (~80 bytes each): allow far more than other config.
  const text = await readConfigText(paths.state, 512 * 1024 * 1024);
  if (text === null) return emptyState();
  return await parseWithReceipt(
    paths,
    "state.json",
    text,
    paths.state,
    loadStateSchema,
    "Move the file away: the next pull treats the instance as new and asks before replacing anything",
  );
}

/**
 * Writes `state.json` atomically (temp file + rename), then vouches for it: the run that changed the
 * state pays for its validation, and the next hook's read of these bytes costs no zod. A state with a
 * restore journaled is transient (the same run rewrites it when the restore ends; a killed run's next
 * pull validates it), so it is not vouched for.
 */
export async function writeState(paths: InstancePaths, state: State): Promise<void> {
  const text = JSON.stringify(state) + "\n";
  await writeFileAtomic(paths.state, text);
  if (!state.pending) await vouchFor(paths, "state.json", text, loadStateSchema);
}

async function loadStateSchema() {
  return (await import("./stateSchema.ts")).StateSchema;
}
