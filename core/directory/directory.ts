/**
 * The account's instance directory (docs/contract.md#identity): a small restic repository beside the instance
 * repositories (`<url>/<id>/instances/` on a rest-server, `<folder>/instances` for a local folder),
 * encrypted with the same password. Each record is one snapshot of a tiny JSON file, and everything
 * a listing shows is in the snapshot's own fields (tags, host, time), so reading the directory is one
 * `restic snapshots` and writing it is one `restic backup`: only additions, so append-only holds.
 */
import { join } from "../fs/path.ts";
import { MACHINE_TAG, machineOf } from "../config/machine.ts";
import type { Token } from "../config/token.ts";
import type { ResticBinary } from "../restic/binary.ts";
import { Restic, type ResticOptions, type Snapshot } from "../restic/driver.ts";
import { repositoryExists } from "../restic/listing.ts";
import { type RepoTarget, repoTarget } from "../restic/repo.ts";

/** The directory repository's name beside the instance repositories (never a ULID, so no clash). */
export const DIRECTORY_NAME = "instances";
const TAG_DIRECTORY = "instance-sync-directory";

/** One instance of the account, as `instances` and the setup wizard show it. */
export interface DirectoryEntry {
  instance_id: string;
  label: string;
  /** The computer that recorded it first. */
  created_by: { host: string; machine?: string };
  created_at: string;
  /** The newest upload to the instance's repository, where that is cheap to learn (local folders). */
  last_upload?: string;
}

/** What a record says; the creating computer and the time are the snapshot's host and time. */
export interface DirectoryRecord {
  instanceId: string;
  label: string;
  host: string;
  machineId: string | null;
}

/** Where the directory of the account behind `token` lives for `url` (same rules as instances). */
export function directoryTarget(url: string, token: Token): RepoTarget {
  return repoTarget(url, token, DIRECTORY_NAME);
}

/** The directory of one account: `list` and `record` (see the module comment). */
export class InstanceDirectory {
  readonly restic: Restic;

  constructor(readonly url: string, readonly token: Token, bin: ResticBinary, opts: ResticOptions = {}) {
    this.restic = new Restic(bin, directoryTarget(url, token), opts);
  }

  get target(): RepoTarget {
    return this.restic.target;
  }

  /**
   * The account's instances, newest activity first. A directory that was never written is empty;
   * an unreachable server, a refused token or a wrong password throw their typed errors. One HTTP
   * request (or a stat) first, so a missing directory never starts restic.
   */
  async list(): Promise<DirectoryEntry[]> {
    if (!(await repositoryExists(this.target, () => this.restic.configExists(), { timeoutMs: 10_000 }))) {
      return [];
    }
    const entries = entriesOf(await this.restic.snapshots());
    for (const e of entries) {
      const last = await this.lastUpload(e.instance_id);
      if (last) e.last_upload = last;
    }
    return entries.sort((a, b) => activity(b).localeCompare(activity(a)));
  }

  /** Adds a record (creating the directory on first use). */
  async record(r: DirectoryRecord): Promise<void> {
    await this.restic.ensureInit();
    const tmp = await Deno.makeTempDir({ prefix: "instance-sync-directory-" });
    try {
      const file = `${r.instanceId}.json`;
      await Deno.writeTextFile(
        join(tmp, file),
        JSON.stringify({ instance_id: r.instanceId, label: r.label, host: r.host, machine: r.machineId }) +
          "\n",
      );
      await Deno.writeTextFile(join(tmp, "files-from"), file + "\n");
      await Deno.writeTextFile(join(tmp, "exclude"), "");
      await this.restic.backup({
        cwd: tmp,
        filesFrom: join(tmp, "files-from"),
        excludeFile: join(tmp, "exclude"),
        host: r.host,
        tags: [
          TAG_DIRECTORY,
          `instance=${r.instanceId}`,
          // Percent-encoded: restic splits tags at commas, and labels are free text.
          `label=${encodeURIComponent(r.label)}`,
          ...(r.machineId ? [`${MACHINE_TAG}=${r.machineId}`] : []),
        ],
      });
    } finally {
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
    }
  }

  /**
   * A local folder's newest snapshot file time: one folder read per instance. A rest-server's
   * listing has no times, and reading snapshots would start restic once per instance, so it is left out.
   */
  private async lastUpload(instanceId: string): Promise<string | undefined> {
    const repo = repoTarget(this.url, this.token, instanceId);
    if (repo.kind !== "local") return undefined;
    let newest = 0;
    try {
      for await (const e of Deno.readDir(join(repo.localPath!, "snapshots"))) {
        const mtime = (await Deno.stat(join(repo.localPath!, "snapshots", e.name))).mtime?.getTime() ?? 0;
        if (mtime > newest) newest = mtime;
      }
    } catch {
      return undefined;
    }
    return newest ? new Date(newest).toISOString() : undefined;
  }
}

function tag(s: Snapshot, key: string): string | undefined {
  return s.tags.find((t) => t.startsWith(`${key}=`))?.slice(key.length + 1);
}

function decodeLabel(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** One entry per instance: the first record names its creator, the newest its label. */
export function entriesOf(snapshots: readonly Snapshot[]): DirectoryEntry[] {
  const byId = new Map<string, DirectoryEntry>();
  const oldestFirst = [...snapshots].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  for (const s of oldestFirst) {
    const id = tag(s, "instance");
    if (!s.tags.includes(TAG_DIRECTORY) || !id) continue;
    const label = decodeLabel(tag(s, "label") ?? id.slice(0, 8));
    const seen = byId.get(id);
    if (seen) {
      seen.label = label;
      continue;
    }
    const machine = machineOf(s);
    byId.set(id, {
      instance_id: id,
      label,
      created_by: { host: s.host, ...(machine ? { machine } : {}) },
      created_at: s.time,
    });
  }
  return [...byId.values()];
}

function activity(e: DirectoryEntry): string {
  const created = new Date(e.created_at).toISOString();
  return e.last_upload && e.last_upload > created ? e.last_upload : created;
}
