/**
 * The repository index (restic design document, "Indexing"): which pack holds each blob, at which
 * offset and length. Every `index/<id>` file is an unpacked file like a snapshot (sealed; JSON, or in
 * version 2 possibly zstd), named by the SHA-256 of the stored file. Only the index files are read
 * (concurrently), never the packs' headers; a file that fails authentication or does not match its
 * name is an IntegrityError.
 */
import { openSealed } from "./crypto.ts";
import { IndexJsonSchema, type IndexPackJson } from "./bulkJson.ts";
import { decodeUnpacked } from "./decode.ts";
import { IntegrityError } from "./errors.ts";
import type { RepoFiles } from "./files.ts";
import { HEX64, sha256Hex } from "./hash.ts";
import type { OpenRepository } from "./masterKey.ts";

/** Where one blob is stored. */
export interface BlobLocation {
  pack: string;
  offset: number;
  length: number;
  /** Set for a compressed blob (version 2): the plaintext is a raw zstd frame of this many bytes. */
  uncompressedLength?: number;
}

export type BlobType = "tree" | "data";

/** The index of a repository as far as read; `refresh()` adds index files written since. */
export class RepoIndex {
  private readonly seen = new Set<string>();
  private readonly blobs: Record<BlobType, Map<string, BlobLocation>> = { tree: new Map(), data: new Map() };

  constructor(
    private readonly files: RepoFiles,
    private readonly repo: OpenRepository,
    private readonly concurrency = 8,
  ) {}

  lookup(type: BlobType, id: string): BlobLocation | undefined {
    return this.blobs[type].get(id);
  }

  /** Reads the index files not read yet; returns how many were new. */
  async refresh(): Promise<number> {
    const names = (await this.files.list("index")).filter((n) => HEX64.test(n) && !this.seen.has(n));
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        this.add(await this.readOne(name));
        this.seen.add(name);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, names.length) }, worker));
    return names.length;
  }

  private async readOne(name: string): Promise<IndexPackJson[]> {
    const what = `Index file ${name.slice(0, 8)}`;
    const sealed = await this.files.get(`index/${name}`);
    // Listed a moment ago: gone now means a prune ran meanwhile; restic answers that (fallback).
    if (!sealed) throw new Error(`${what} was listed but has gone`);
    const hash = await sha256Hex(sealed);
    if (hash !== name) {
      throw new IntegrityError(`${what} does not match its name (its SHA-256 is ${hash.slice(0, 8)})`);
    }
    const doc = decodeUnpacked(await openSealed(this.repo.key, sealed, what), this.repo.version, what);
    const parsed = IndexJsonSchema.safeParse(doc);
    // Authenticated and matching its name, so not damage: an index layout this reader does not know
    // (restic's legacy format, or a newer one) is restic's to read (the caller falls back).
    if (!parsed.success) throw new Error(`${what} has a layout this reader does not know`);
    return parsed.data;
  }

  private add(packs: IndexPackJson[]): void {
    for (const pack of packs) {
      for (const b of pack.blobs) {
        if (b.type !== "tree" && b.type !== "data") continue;
        this.blobs[b.type].set(b.id, {
          pack: pack.id,
          offset: b.offset,
          length: b.length,
          ...(b.uncompressed_length !== undefined ? { uncompressedLength: b.uncompressed_length } : {}),
        });
      }
    }
  }
}
