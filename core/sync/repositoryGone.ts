/**
 * A repository that disappeared after this computer synced with it (removed or emptied on the server,
 * a folder deleted, a cloud drive's folder moved). Creating it again would silently start a new history
 * beside the old one, which other computers would never see as related: refuse instead, and say what
 * happened and the two ways on. The same check for every kind of location.
 */
import { RepositoryMissingError } from "../errors.ts";
import type { Instance } from "./instance.ts";
import type { State } from "./state.ts";

/**
 * Throws RepositoryMissingError (exit 1) when the listing `ids` is empty although this computer has
 * synced with the repository before (`state.base`, or snapshots it has seen). Nothing on disk changes.
 */
export function refuseVanishedRepository(inst: Instance, state: State, ids: readonly string[]): void {
  if (ids.length > 0 || (!state.base && state.known.length === 0)) return;
  const last = state.base ? `snapshot ${state.base.id.slice(0, 8)}` : `${state.known.length} snapshot(s)`;
  const error = new RepositoryMissingError(
    `The cloud copy of "${inst.label}" is gone: "${inst.target.server}" has no snapshots of it, ` +
      `although this computer synced ${last} with it; nothing was changed here`,
    `If it was removed on purpose, start a new history from this computer: delete ` +
      `"${inst.paths.state}" and run push. Otherwise put the repository back (or fix the url in ` +
      `"${inst.paths.syncJson}")`,
  );
  error.detail = `repository ${inst.target.display}`;
  throw error;
}
