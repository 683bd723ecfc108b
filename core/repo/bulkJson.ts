/**
 * The two bulk documents of a repository: an index file names every blob of its packs, and a tree names
 * every entry of a folder, so a 30,000-file instance means tens of thousands of entries per read. They
 * pass the boundary through zod like every other document, but their entries are checked by hand:
 * zod's per-entry machinery (an object parse, a copy of every field restic writes) cost ~160 ms and a
 * copy of the whole document for the index alone at that size — the precedent of state.json's manifest
 * (core/sync/stateSchema.ts). Every rule is the one the per-entry zod schemas held: a document that
 * breaks one is "a shape this reader does not know", and the caller asks restic.
 */
import { z } from "zod";
import { HEX64 } from "./hash.ts";
import { unquoteNodeName } from "./nodeName.ts";

/** One blob of an index file, as restic writes it. */
export interface IndexBlobJson {
  id: string;
  type: string;
  offset: number;
  length: number;
  uncompressed_length?: number;
}

export interface IndexPackJson {
  id: string;
  blobs: IndexBlobJson[];
}

/** One node of a tree, with only the fields this reader uses (restic's others are left behind). */
export interface TreeNode {
  /** The name it stands for (stored Go-quoted: nodeName.ts). */
  name: string;
  type: string;
  size?: number;
  mtime?: string;
  inode?: number;
  subtree?: string | null;
  content?: string[] | null;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
// zod's .int() meant a safe integer: the same here.
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isHex64 = (v: unknown): v is string => typeof v === "string" && HEX64.test(v);

/** `{"packs": [{"id", "blobs": [{"id", "type", "offset", "length", "uncompressed_length"?}]}]}`; null when not. */
export function parseIndexJson(raw: unknown): IndexPackJson[] | null {
  if (!isObject(raw)) return null;
  const packs = raw.packs;
  if (packs === undefined || packs === null) return [];
  if (!Array.isArray(packs)) return null;
  const out: IndexPackJson[] = [];
  for (const pack of packs) {
    if (!isObject(pack) || !isHex64(pack.id)) return null;
    const blobs = pack.blobs;
    if (blobs === undefined || blobs === null) {
      out.push({ id: pack.id, blobs: [] });
      continue;
    }
    if (!Array.isArray(blobs)) return null;
    for (const b of blobs) {
      if (
        !isObject(b) || !isHex64(b.id) || typeof b.type !== "string" || !isCount(b.offset) ||
        !isCount(b.length) || (b.uncompressed_length !== undefined && !isCount(b.uncompressed_length))
      ) return null;
    }
    out.push({ id: pack.id, blobs: blobs as IndexBlobJson[] });
  }
  return out;
}

/**
 * `{"nodes": [...]}`: the folder's entries, names unquoted; null when the shape is not restic's. A
 * name Go would not have written throws (nodeName.ts), which the caller treats the same way.
 */
export function parseTreeJson(raw: unknown): TreeNode[] | null {
  if (!isObject(raw)) return null;
  const nodes = raw.nodes;
  if (nodes === undefined || nodes === null) return [];
  if (!Array.isArray(nodes)) return null;
  const out: TreeNode[] = [];
  for (const n of nodes) {
    if (!isObject(n) || typeof n.name !== "string" || n.name === "" || typeof n.type !== "string") {
      return null;
    }
    const name = unquoteNodeName(n.name);
    if (name === "" || name.includes("/") || name === "." || name === "..") return null;
    const { size, mtime, inode, subtree, content } = n;
    if (size !== undefined && !isCount(size)) return null;
    if (mtime !== undefined && typeof mtime !== "string") return null;
    if (inode !== undefined && typeof inode !== "number") return null;
    if (subtree !== undefined && subtree !== null && !isHex64(subtree)) return null;
    if (content !== undefined && content !== null && !(Array.isArray(content) && content.every(isHex64))) {
      return null;
    }
    const node: TreeNode = { name, type: n.type };
    if (size !== undefined) node.size = size;
    if (mtime !== undefined) node.mtime = mtime;
    if (inode !== undefined) node.inode = inode;
    if (subtree !== undefined) node.subtree = subtree;
    if (content !== undefined) node.content = content as string[] | null;
    out.push(node);
  }
  return out;
}

/** A document that `check` answers null for is refused with `what` as the issue. */
function handChecked<T>(check: (raw: unknown) => T | null, what: string): z.ZodType<T> {
  return z.unknown().transform((raw, ctx): T => {
    const value = check(raw);
    if (value === null) {
      ctx.addIssue({ code: "custom", message: what });
      return z.NEVER;
    }
    return value;
  });
}

/** An index file, as its packs. */
export const IndexJsonSchema = handChecked(parseIndexJson, "not restic's index layout");

/** A tree blob, as its nodes (names unquoted). */
export const TreeJsonSchema = handChecked(parseTreeJson, "not restic's tree layout");
