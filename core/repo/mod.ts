/**
 * The in-process repository reader (docs/contract.md#reading-restics-files-in-process), loaded lazily by `Instance.snapshots()` so that hook
 * runs with nothing to read never load the cipher and zstd modules. The tree reader (tree.ts, with the
 * index and pack blobs) is a separate import: status and pull read snapshots only.
 */
export { IntegrityError, WrongRepositoryError } from "./errors.ts";
export { UnsupportedBackendError } from "./files.ts";
export { keyCache, keyCacheDir } from "./keyCache.ts";
export { resticCacheDir } from "./resticCache.ts";
export { openRepoSession, readSnapshotDocuments, readSnapshots, type RepoSession } from "./snapshots.ts";
