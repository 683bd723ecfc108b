/**
 * Reads snapshot files in-process (docs/contract.md#reading-restics-files-in-process): each `snapshots/<id>` is fetched, checked against its
 * name (the id is the SHA-256 of the stored file), authenticated, decrypted and decoded. A file that
 * fails any check is an IntegrityError: a history with a hole in it is never returned.
 */
import type { ListingOptions } from "../restic/listing.ts";
import type { RepoTarget } from "../restic/repo.ts";
import { type Snapshot, snapshotFromFile, sortSnapshots } from "../restic/snapshot.ts";
import { openSealed } from "./crypto.ts";
import { decodeUnpacked } from "./decode.ts";
import { IntegrityError } from "./errors.ts";
import { type RepoFiles, repoFiles } from "./files.ts";
import { sha256Hex } from "./hash.ts";
import { type OpenRepository, openRepository } from "./masterKey.ts";
import { withResticCache } from "./resticCache.ts";
import type { KeyCache } from "./keyCache.ts";
import type { Protection } from "../restic/passwords.ts";

export interface ReadOptions extends ListingOptions {
  /** The master-key cache (keyCache()); null caches nothing. */
  keyCache: KeyCache | null;
  /** Which password the repository is known to use (state.json): tried first. */
  prefer?: Protection;
  debug?: (message: string) => void;
  /** Files fetched at once (default 8). */
  concurrency?: number;
  /** restic's cache folder (resticCacheDir), read before a rest-server; null or absent reads none. */
  resticCacheDir?: string | null;
}

/** What a read found: the documents as stored (for cross-checks) and the repository it opened. */
export interface SnapshotDocuments {
  repository: OpenRepository;
  /** id → the decoded snapshot JSON (restic's fields, without `id`). */
  documents: Map<string, Record<string, unknown>>;
}

/**
 * An opened repository that one run reads from several times (its snapshots, then a tree): the config
 * is fetched and the key found once, and a snapshot document is fetched once (its id is the hash of its
 * content, so it never changes).
 */
export interface RepoSession {
  files: RepoFiles;
  repository: OpenRepository;
  /** id → the decoded snapshot document, for every snapshot this reader has read. */
  documents: Map<string, Record<string, unknown>>;
}

export async function openRepoSession(target: RepoTarget, opts: ReadOptions): Promise<RepoSession> {
  const origin = repoFiles(target, opts);
  const repository = await openRepository(target, origin, opts);
  // A local repository is read as fast as a cache; a server's files are read from restic's cache first.
  const files = target.kind === "rest" && opts.resticCacheDir
    ? withResticCache(origin, opts.resticCacheDir, repository.id)
    : origin;
  return { files, repository, documents: new Map() };
}

/** Snapshot `id`'s document, fetched and checked once per session. */
export async function sessionDocument(session: RepoSession, id: string): Promise<Record<string, unknown>> {
  let doc = session.documents.get(id);
  if (!doc) {
    doc = await readOne(session.files, session.repository, id);
    session.documents.set(id, doc);
  }
  return doc;
}

/**
 * The decoded documents of the snapshots `ids` (as listed just before by listSnapshotIds), through
 * `session` when the caller has one open, else through a session of its own.
 */
export async function readSnapshotDocuments(
  target: RepoTarget,
  ids: readonly string[],
  opts: ReadOptions,
  session?: RepoSession,
): Promise<SnapshotDocuments> {
  const open = session ?? await openRepoSession(target, opts);
  const documents = new Map<string, Record<string, unknown>>();
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      documents.set(id, await sessionDocument(open, id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 8, ids.length) }, worker));
  return { repository: open.repository, documents };
}

/** The snapshots `ids`, in the shape `restic snapshots --json` gives the driver; oldest first. */
export async function readSnapshots(
  target: RepoTarget,
  ids: readonly string[],
  opts: ReadOptions,
  session?: RepoSession,
): Promise<Snapshot[]> {
  const { documents } = await readSnapshotDocuments(target, ids, opts, session);
  const out: Snapshot[] = [];
  for (const [id, doc] of documents) {
    const snapshot = snapshotFromFile(doc, id);
    if (!snapshot) {
      throw new IntegrityError(`Snapshot ${id.slice(0, 8)} does not have the fields of a snapshot`);
    }
    out.push(snapshot);
  }
  return sortSnapshots(out);
}

/** One snapshot file, checked against its name, authenticated and decoded. */
export async function readOne(
  files: RepoFiles,
  repo: OpenRepository,
  id: string,
): Promise<Record<string, unknown>> {
  const what = `Snapshot file ${id.slice(0, 8)}`;
  const sealed = await files.get(`snapshots/${id}`);
  // Listed a moment ago: a snapshot that vanished means someone removed it (append-only forbids it).
  if (!sealed) throw new IntegrityError(`${what} was listed but cannot be read`);
  const hash = await sha256Hex(sealed);
  if (hash !== id) {
    throw new IntegrityError(`${what} does not match its name (its SHA-256 is ${hash.slice(0, 8)})`);
  }
  const doc = decodeUnpacked(await openSealed(repo.key, sealed, what), repo.version, what);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new IntegrityError(`${what} does not hold a snapshot object`);
  }
  return doc as Record<string, unknown>;
}
