/**
 * A snapshot's tree read in-process (restic design document, "Trees and Data"): the snapshot names
 * its root tree blob; a tree blob is JSON `{"nodes": [...]}`, each directory node naming its subtree
 * and each file node its data blobs. What `restic ls` answers, and a small file's bytes, without
 * starting restic (and its key derivation). Backups run with cwd = the pack folder and relative
 * paths, so the root tree's nodes are the pack's top-level entries and paths come out pack-relative,
 * exactly as `Restic.ls` maps restic's `/saves/World/level.dat`.
 */
import { z } from "zod";
import type { LsEntry } from "../restic/ls.ts";
import type { RepoTarget } from "../restic/repo.ts";
import { MissingBlobError, readBlob } from "./blobs.ts";
import { TreeJsonSchema, type TreeNode } from "./bulkJson.ts";
import { IntegrityError } from "./errors.ts";
import { HEX64 } from "./hash.ts";
import { unquoteNodeName } from "./nodeName.ts";
import { RepoIndex } from "./index.ts";
import type { OpenRepository } from "./masterKey.ts";
import { openRepoSession, type ReadOptions, type RepoSession, sessionDocument } from "./snapshots.ts";

/** The options of a snapshot read; `concurrency` also bounds the blobs and index files read at once. */
export type TreeReadOptions = ReadOptions;

const SnapshotTree = z.looseObject({ tree: z.string().regex(HEX64) });

/**
 * Reads the repository's index once (opening the repository unless `session` has it open already);
 * then reads any number of snapshots' trees and files.
 */
export async function openSnapshotReader(
  target: RepoTarget,
  opts: TreeReadOptions,
  session?: RepoSession,
): Promise<SnapshotReader> {
  const open = session ?? await openRepoSession(target, opts);
  const index = new RepoIndex(open.files, open.repository, opts.concurrency);
  await index.refresh();
  return new SnapshotReader(open, index, opts.concurrency ?? 8);
}

/** A file's content as a snapshot records it (see `SnapshotReader.fileChunks`). */
export interface FileChunks {
  size: number;
  chunks: { id: string; length: number }[];
}

export class SnapshotReader {
  /** Trees already read (unchanged folders share their tree across snapshots). */
  private readonly trees = new Map<string, Promise<TreeNode[]>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly session: RepoSession,
    private readonly index: RepoIndex,
    private readonly concurrency: number,
  ) {}

  /** The opened repository (its format version and id). */
  get repository(): OpenRepository {
    return this.session.repository;
  }

  /** Every entry of snapshot `id` (full id), depth first in name order like `restic ls`. */
  async entries(id: string): Promise<LsEntry[]> {
    return await this.walk(await this.rootTree(id), "");
  }

  /**
   * The bytes of the regular file at pack-relative `path` in snapshot `id`; null when the snapshot
   * has no such file. Meant for small files (level.dat): larger than `maxBytes` is refused.
   */
  async fileBytes(id: string, path: string, maxBytes = 16 * 1024 * 1024): Promise<Uint8Array | null> {
    const parts = path.split("/").filter(Boolean);
    let tree = await this.rootTree(id);
    for (const [i, name] of parts.entries()) {
      const node = (await this.tree(tree)).find((n) => n.name === name);
      if (!node) return null;
      if (i < parts.length - 1) {
        if (node.type !== "dir" || !node.subtree) return null;
        tree = node.subtree;
        continue;
      }
      if (node.type !== "file") return null;
      if ((node.size ?? 0) > maxBytes) throw new Error(`${path} is too large to read in-process`);
      const chunks = await Promise.all((node.content ?? []).map((b) => this.blob("data", b)));
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      if (out.length !== (node.size ?? 0)) {
        throw new IntegrityError(`${path} in snapshot ${id.slice(0, 8)} does not have its recorded size`);
      }
      return out;
    }
    return null;
  }

  /**
   * How snapshot `id` recorded the regular file at pack-relative `path`: its size and its chunks in
   * order, each chunk's id (the SHA-256 of its bytes) with its length from the index; null when the
   * snapshot has no such file. Proves a local file equal by hashing it, without downloading a byte.
   */
  async fileChunks(id: string, path: string): Promise<FileChunks | null> {
    let tree = await this.rootTree(id);
    const parts = path.split("/").filter(Boolean);
    for (const [i, name] of parts.entries()) {
      const node = (await this.tree(tree)).find((n) => n.name === name);
      if (!node) return null;
      if (i < parts.length - 1) {
        if (node.type !== "dir" || !node.subtree) return null;
        tree = node.subtree;
        continue;
      }
      if (node.type !== "file") return null;
      const chunks = [];
      for (const b of node.content ?? []) {
        let at = this.index.lookup("data", b);
        // Written after the index was read: read the new index files once (as readBlob does).
        if (!at && await this.index.refresh() > 0) at = this.index.lookup("data", b);
        if (!at) throw new MissingBlobError(`the index has no data blob ${b.slice(0, 8)}`);
        // A sealed blob is IV (16) + ciphertext + MAC (16); a compressed one names its plaintext length.
        chunks.push({ id: b, length: at.uncompressedLength ?? at.length - 32 });
      }
      const size = node.size ?? 0;
      // Lengths that do not add up: a layout this reader does not know; restic answers (the caller falls back).
      if (chunks.reduce((n, c) => n + c.length, 0) !== size) {
        throw new Error(`the chunks of ${path} in snapshot ${id.slice(0, 8)} do not add up to its size`);
      }
      return { size, chunks };
    }
    return null;
  }

  /**
   * The entries directly in the folder at pack-relative `path` of snapshot `id` ("" for the top);
   * null when the snapshot has no folder there. Reads only the trees on the way (restoreScope.ts).
   */
  async children(id: string, path: string): Promise<{ name: string; type: string }[] | null> {
    let tree = await this.rootTree(id);
    for (const name of path.split("/").filter(Boolean)) {
      const node = (await this.tree(tree)).find((n) => n.name === name);
      if (!node || node.type !== "dir" || !node.subtree) return null;
      tree = node.subtree;
    }
    return (await this.tree(tree)).map((n) => ({ name: n.name, type: n.type }));
  }

  private async rootTree(id: string): Promise<string> {
    if (!HEX64.test(id)) throw new Error(`"${id}" is not a full snapshot id`);
    const doc = SnapshotTree.safeParse(await sessionDocument(this.session, id));
    if (!doc.success) throw new IntegrityError(`Snapshot ${id.slice(0, 8)} names no tree`);
    return doc.data.tree;
  }

  private async walk(tree: string, prefix: string): Promise<LsEntry[]> {
    const nodes = await this.tree(tree);
    const below = nodes.map((n) =>
      n.type === "dir" && n.subtree ? this.walk(n.subtree, `${prefix}${n.name}/`) : Promise.resolve([])
    );
    const out: LsEntry[] = [];
    for (const [i, n] of nodes.entries()) {
      out.push({
        path: prefix + n.name,
        type: n.type,
        ...(n.type === "file" || n.size !== undefined ? { size: n.size ?? 0 } : {}),
        mtime: n.mtime ?? "",
        ...(n.inode ? { inode: n.inode } : {}),
      });
      out.push(...await below[i]);
    }
    return out;
  }

  private tree(id: string): Promise<TreeNode[]> {
    let nodes = this.trees.get(id);
    if (!nodes) {
      nodes = this.blob("tree", id).then((plain) => {
        let raw: unknown;
        try {
          raw = JSON.parse(new TextDecoder().decode(plain));
        } catch {
          throw new Error(`tree ${id.slice(0, 8)} does not hold JSON this reader reads`);
        }
        // A name no backup can make ("..", "a/b") is a forged tree, not another restic's format:
        // refused here, never handed to restic to restore (docs/hostile-input.md).
        const forged = forgedNodeName(raw);
        if (forged !== null) {
          throw new IntegrityError(
            `tree ${id.slice(0, 8)} holds an entry named ${JSON.stringify(forged)}; refusing it`,
          );
        }
        // Authenticated and matching its id, so not damage: a shape this reader does not know
        // (another restic version) is restic's to read (the caller falls back).
        const parsed = TreeJsonSchema.safeParse(raw);
        if (!parsed.success) throw new Error(`tree ${id.slice(0, 8)} has a shape this reader does not know`);
        return parsed.data;
      });
      this.trees.set(id, nodes);
    }
    return nodes;
  }

  /** One blob, at most `concurrency` requests at once. */
  private async blob(type: "tree" | "data", id: string): Promise<Uint8Array> {
    while (this.running >= this.concurrency) await new Promise<void>((go) => this.waiting.push(go));
    this.running++;
    try {
      return await readBlob(this.session.files, this.session.repository, this.index, type, id);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

export { MissingBlobError };

/** The first node name that is no file name at all (`..`, `.`, empty, with `/` or NUL); else null. */
function forgedNodeName(raw: unknown): string | null {
  const nodes = (raw as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return null;
  for (const n of nodes) {
    const stored = (n as { name?: unknown } | null)?.name;
    if (typeof stored !== "string") continue;
    let name: string;
    try {
      name = unquoteNodeName(stored);
    } catch {
      continue; // an escape this reader does not know: the shape check below decides
    }
    if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
      return name;
    }
  }
  return null;
}
