/**
 * The oracle's own view of the shared repository. It opens the repository folder directly with restic
 * (a rest-server keeps repositories in restic's local layout), so it can look while the server is
 * down, and it reads with --no-lock so it never leaves or meets a lock of its own.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { hashTree } from "../faults/harness.ts";
import { testResticPath } from "../helpers/tools.ts";
import { listNames } from "../helpers/tmp.ts";

export interface SnapshotMeta {
  id: string;
  time: string;
  hostname: string;
  tags?: string[];
}

export class ChaosRepo {
  private contents = new Map<string, Map<string, string>>();
  constructor(readonly dir: string, readonly password: string, readonly cacheDir: string) {}

  async restic(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const r = await new Deno.Command(testResticPath(), {
      args,
      env: { RESTIC_REPOSITORY: this.dir, RESTIC_PASSWORD: this.password, RESTIC_CACHE_DIR: this.cacheDir },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const d = new TextDecoder();
    return { code: r.code, out: d.decode(r.stdout), err: d.decode(r.stderr) };
  }

  /** Snapshot ids, from the folder (no restic). */
  snapshotIds(): Promise<string[]> {
    return listNames(join(this.dir, "snapshots"));
  }

  /** Lock files in the repository. */
  locks(): Promise<string[]> {
    return listNames(join(this.dir, "locks"));
  }

  /** Every snapshot, oldest first. */
  async snapshots(): Promise<SnapshotMeta[]> {
    if ((await this.snapshotIds()).length === 0) return [];
    const r = await this.restic(["--no-lock", "snapshots", "--json"]);
    assert.equal(r.code, 0, `oracle: restic snapshots failed: ${r.err}`);
    return (JSON.parse(r.out) as SnapshotMeta[]).sort((a, b) => a.time.localeCompare(b.time));
  }

  /** The in-scope files of a snapshot, path → sha-256 (restored once; a snapshot never changes). */
  async contentsOf(id: string): Promise<Map<string, string>> {
    const cached = this.contents.get(id);
    if (cached) return cached;
    const target = await Deno.makeTempDir({ prefix: "is-chaos-snap-" });
    try {
      const r = await this.restic(["--no-lock", "restore", id, "--target", target]);
      assert.equal(r.code, 0, `oracle: restic restore ${id.slice(0, 8)} failed: ${r.err}`);
      const tree = await hashTree(target);
      this.contents.set(id, tree);
      return tree;
    } finally {
      await Deno.remove(target, { recursive: true }).catch(() => {});
    }
  }

  /**
   * Which of `wanted` (`path@hash` versions) no snapshot holds. Snapshots already read are searched
   * first; the others are read one by one only while something is still missing.
   */
  async missingFromSnapshots(wanted: Set<string>): Promise<string[]> {
    const missing = new Set(wanted);
    const drop = (tree: Map<string, string>) => {
      for (const [p, h] of tree) missing.delete(`${p}@${h}`);
    };
    for (const tree of this.contents.values()) drop(tree);
    const ids = (await this.snapshotIds()).filter((id) => !this.contents.has(id));
    for (const id of ids) {
      if (missing.size === 0) break;
      drop(await this.contentsOf(id));
    }
    return [...missing].sort();
  }

  check(): Promise<{ code: number; out: string; err: string }> {
    return this.restic(["check"]);
  }
}
