/**
 * Which instance a repository and its snapshots belong to (docs/security.md, "Snapshots name their
 * instance"). Every snapshot this program writes carries `instance=<instance id>`, and state.json
 * remembers the repository's config id at the first sync that opens it; a repository that answers
 * at this instance's address with another id, or a snapshot tagged for another instance, is refused
 * before anything is restored or uploaded. Snapshots without the tag (older ones) are accepted.
 */
import { WrongRepositoryError } from "../repo/errors.ts";

/** The tag key that names the instance a snapshot was made for. */
export const INSTANCE_TAG = "instance";

/** `instance=<id>`: added to every snapshot of an instance's repository. */
export function instanceTag(instanceId: string): string {
  return `${INSTANCE_TAG}=${instanceId}`;
}

/** Throws WrongRepositoryError when a snapshot's `instance=` tag names another instance. */
export function checkSnapshotsBelong(
  snapshots: readonly { id: string; tags?: string[] | null }[],
  instanceId: string,
  server: string,
): void {
  for (const s of snapshots) {
    const named = s.tags?.find((t) => t.startsWith(`${INSTANCE_TAG}=`))?.slice(INSTANCE_TAG.length + 1);
    if (named !== undefined && named !== instanceId) {
      throw new WrongRepositoryError(
        `Refusing the repository at "${server}": snapshot ${s.id.slice(0, 8)} belongs to instance ` +
          `${JSON.stringify(named.slice(0, 40))}, not to this instance (${instanceId}); nothing was changed`,
        "The server answers with another instance's repository at this instance's address: ask its operator",
      );
    }
  }
}

/** Throws WrongRepositoryError when the repository's config id is not the remembered one. */
export function checkRepositoryId(opened: string, remembered: string | undefined, server: string): void {
  if (remembered !== undefined && opened !== remembered) {
    throw new WrongRepositoryError(
      `Refusing the repository at "${server}": its id ${opened.slice(0, 8)} is not the repository ` +
        `${remembered.slice(0, 8)} this instance synced with; nothing was changed`,
      "The server answers with another repository at this instance's address: ask its operator",
    );
  }
}
