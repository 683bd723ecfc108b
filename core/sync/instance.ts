import { resolveInstanceLabel } from "../config/label.ts";
import { machineId } from "../config/machine.ts";
import { type InstancePaths, instancePaths } from "../config/paths.ts";
import { readScope, type Scope } from "../config/scope.ts";
import { readSyncJson, type SyncJson } from "../config/syncJson.ts";
import { readTokenFile } from "../config/token.ts";
import { AuthError, InterruptedError, OfflineError, RepositoryMissingError } from "../errors.ts";
import type { Restic, Snapshot } from "../restic/driver.ts";
import type { LsEntry } from "../restic/ls.ts";
import { listLockIds, listSnapshotIds } from "../restic/listing.ts";
import { type RepoTarget, repoTarget } from "../restic/repo.ts";
import { type Prompter, type Reporter, silentReporter } from "../ui.ts";
import type { SyncOptions } from "./options.ts";
import type { FileChunks, SnapshotReader } from "../repo/tree.ts";
import type { RepoSession } from "../repo/snapshots.ts";
import { ProgressThrottle } from "./progress.ts";
import { readState, type State, writeState } from "./state.ts";
import type { Protection } from "../restic/passwords.ts";

/** An opted-in instance with its config loaded and validated; restic is started only on demand. */
export class Instance {
  private restic?: Restic;
  private machine?: Promise<string | null>;
  /** The in-process tree reader (repository opened, index read), made on first use. */
  private treeReader?: Promise<SnapshotReader>;
  /** The repository opened in-process once per run: snapshots() and the tree reader share it. */
  private repoSession?: Promise<RepoSession>;
  /** The repository state.json remembers (undefined until state.json is read; null: none yet). */
  private remembered?: State["repository"] | null;
  /** The repository this run opened in-process and checked against the remembered one. */
  private openedRepository?: NonNullable<State["repository"]>;
  /** Set when this run took over a dead run's lock: restic's own stale lock is removed on first use. */
  staleLockTakenOver = false;
  /** Set once a restore is journaled: from then on a lost server is a failure, not "play offline". */
  restoring = false;
  /**
   * Set when a listing of this run found snapshots: the repository exists, so a backup skips restic's
   * existence check (a request, one round trip to a distant server) before it starts.
   */
  repositorySeen = false;
  /**
   * Set when a listing of this run found no repository at all (restic exit 10 on a location that only
   * restic can read): the first backup creates it with `restic init` without asking restic again.
   */
  repositoryMissing = false;
  /**
   * Where only restic can list (sftp:, rclone:, s3: …), the listing is `restic snapshots`: its full
   * answer is kept for this run, so reading the snapshots after it starts no second restic.
   */
  private listedByRestic?: Snapshot[];

  private constructor(
    readonly paths: InstancePaths,
    readonly config: SyncJson,
    readonly scope: Scope,
    readonly label: string,
    readonly host: string,
    readonly target: RepoTarget,
    readonly options: SyncOptions,
    readonly reporter: Reporter,
  ) {}

  /** Loads config, token and scope; null when the folder is not opted in (no literal sync.json). */
  static async open(options: SyncOptions): Promise<Instance | null> {
    const paths = instancePaths(options.packFolder);
    const config = await readSyncJson(paths);
    if (!config) return null;
    const reporter = options.reporter ?? silentReporter;
    const env = options.env ?? {};
    const token = await readTokenFile(options.tokenFile ?? paths.token, (m) => reporter.warn(m));
    const scope = await readScope(paths);
    const label = resolveInstanceLabel(options.instanceLabel, env, config.instance_id, config.label);
    const host = options.host ?? env.INSTANCE_SYNC_HOST ?? Deno.hostname();
    const target = repoTarget(config.url, token, config.instance_id);
    return new Instance(paths, config, scope, label, host, target, options, reporter);
  }

  get packFolder(): string {
    return this.paths.packFolder;
  }

  get prompter(): Prompter | undefined {
    return this.options.prompter;
  }

  /**
   * This computer's id (docs/contract.md#identity), read (or minted) on first use; null when there is no config
   * folder to keep it in, and then "same computer?" falls back to the host name.
   */
  machineId(): Promise<string | null> {
    this.machine ??= this.options.machineId !== undefined
      ? Promise.resolve(this.options.machineId)
      : machineId(this.options.env ?? {}, (m) => this.reporter.warn(m));
    return this.machine;
  }

  /**
   * Loads the restic driver's modules without starting anything: a run that knows it will need restic
   * loads them while it waits for the server (module loading is most of `getRestic`'s own cost).
   */
  loadDriver(): Promise<
    [
      typeof import("../restic/binary.ts"),
      typeof import("../restic/driver.ts"),
      typeof import("./resticKey.ts"),
    ]
  > {
    return Promise.all([
      import("../restic/binary.ts"),
      import("../restic/driver.ts"),
      import("./resticKey.ts"),
    ]);
  }

  /** The restic driver, found (and downloaded if allowed) on first use. */
  async getRestic(): Promise<Restic> {
    if (!this.restic) {
      // Loaded on first use: hook runs with nothing to move never load the driver or the downloader.
      const [{ findRestic }, { Restic }, { fastKeySource }] = await this.loadDriver();
      const binary = await findRestic({
        flag: this.options.resticBinary,
        env: this.options.env ?? {},
        // The user's private folder (never the pack folder: a snapshot could plant a file there).
        cacheDir: this.options.resticCacheDir,
        noDownload: this.options.download === false,
        // A mirror of restic's GitHub releases (same layout: v<version>/<asset>, SHA256SUMS).
        downloadBaseUrl: this.options.env?.INSTANCE_SYNC_RESTIC_DOWNLOAD_URL || undefined,
        onInfo: (m) => this.reporter.info(m),
      });
      this.restic = new Restic(binary, this.target, {
        prefer: this.remembered?.protection,
        signal: this.options.signal,
        stallTimeoutMs: this.options.stallTimeoutMs,
        extraEnv: this.options.resticEnv,
        fastKey: fastKeySource({
          target: this.target,
          env: this.options.env ?? {},
          host: this.host,
          session: () => this.openSession(),
          debug: (m) => this.reporter.debug?.(m),
        }),
        notPresence: async (ids) => (await import("../presence/filter.ts")).notPresence(this, ids),
      });
      if (this.staleLockTakenOver) {
        await this.restic.unlock().catch((e) =>
          this.reporter.warn(`restic unlock failed: ${(e as Error).message}`)
        );
      }
    }
    return this.restic;
  }

  /**
   * After taking over a dead run's lock: that run's restic may have left its own lock in the repository,
   * which `getRestic()` removes (`restic unlock`, stale locks only). A run that needed no restic — snapshots
   * and listings are read in-process — checks with one GET and starts restic only when a lock file is
   * there. Housekeeping: a failure is a warning, never the run's outcome.
   */
  async cleanUpAfterTakeover(): Promise<void> {
    if (!this.staleLockTakenOver || this.restic) return;
    try {
      const locks = await listLockIds(this.target, { signal: this.options.signal, timeoutMs: 5000 });
      if (locks === null || locks.length > 0) await this.getRestic();
    } catch (e) {
      this.reporter.warn(`Could not check for a dead run's restic lock: ${(e as Error).message}`);
    }
  }

  /** Snapshot ids in the repository, cheaply (HTTP listing or a folder read; restic only as a fallback). */
  async listIds(): Promise<string[]> {
    const ids = await listSnapshotIds(this.target, () => this.listWithRestic(), {
      signal: this.options.signal,
      receipts: this.paths,
    });
    if (ids.length > 0) this.repositorySeen = true;
    return ids;
  }

  /**
   * The listing where no in-process reader applies: one `restic snapshots`. A repository that does not
   * exist yet lists as [] (nothing uploaded yet), as a rest-server's 404 or a missing folder does.
   */
  private async listWithRestic(): Promise<string[]> {
    const restic = await this.getRestic();
    try {
      this.listedByRestic = await restic.snapshots();
    } catch (e) {
      if (!(e instanceof RepositoryMissingError)) throw e;
      this.repositoryMissing = true;
      this.listedByRestic = [];
    }
    this.repositorySeen = !this.repositoryMissing;
    return this.listedByRestic.map((s) => s.id);
  }

  /**
   * All snapshots, oldest first, in the driver's shape. Read in-process with the cached master key
   * (one GET or file read per snapshot, no restic); any failure of that path falls back to
   * `restic snapshots` with a debug line: slower, never wrong. Offline, interruption and a file that
   * fails authentication are answers, not failures of the reader, and are thrown as they are.
   * `ids`: the listing the caller just made (saves a request).
   */
  async snapshots(ids?: string[]): Promise<Snapshot[]> {
    const [snapshots, { checkSnapshotsBelong }] = await Promise.all([
      this.readSnapshots(ids),
      import("./identity.ts"),
    ]);
    checkSnapshotsBelong(snapshots, this.config.instance_id, this.target.server);
    return snapshots;
  }

  private async readSnapshots(ids?: string[]): Promise<Snapshot[]> {
    if (this.target.kind !== "other") {
      const repo = await import("../repo/mod.ts");
      try {
        const listed = ids ?? await this.listIds();
        return await repo.readSnapshots(
          this.target,
          listed,
          this.readOptions(repo),
          await this.session(repo),
        );
      } catch (e) {
        if (e instanceof OfflineError || e instanceof InterruptedError || e instanceof repo.IntegrityError) {
          throw e;
        }
        this.reporter.debug?.(`reading snapshots in-process failed, asking restic: ${(e as Error).message}`);
      }
    }
    const listed = this.listedByRestic;
    if (listed && ids && sameIds(listed, ids)) return listed;
    return await (await this.getRestic()).snapshots();
  }

  /**
   * Every entry of snapshot `id` (full id), as `restic ls` lists it: read in-process when the
   * repository is a rest-server or a local folder, `restic ls` otherwise or when that read fails.
   */
  async snapshotEntries(id: string): Promise<LsEntry[]> {
    const fast = await this.inProcess("listing a snapshot", (r) => r.entries(id));
    return fast ? fast.value : await (await this.getRestic()).ls(id);
  }

  /**
   * The entries directly in folder `path` of snapshot `id` ("" for the top), read in-process; null
   * when the snapshot has no such folder; undefined when the in-process reader cannot answer (then
   * the caller lists the snapshot with `snapshotEntries`).
   */
  async snapshotChildren(
    id: string,
    path: string,
  ): Promise<{ name: string; type: string }[] | null | undefined> {
    const fast = await this.inProcess("listing a folder of a snapshot", (r) => r.children(id, path));
    return fast ? fast.value : undefined;
  }

  /**
   * The bytes of small files (`saves/World/level.dat`) of snapshot `id`, read in-process (null for
   * a file the snapshot does not hold); null when the in-process path cannot answer, and then the
   * caller asks restic (restore into a temp folder).
   */
  async snapshotFileBytes(
    id: string,
    paths: readonly string[],
  ): Promise<Map<string, Uint8Array | null> | null> {
    const fast = await this.inProcess("reading files of a snapshot", async (r) => {
      const read = await Promise.all(paths.map(async (p) => [p, await r.fileBytes(id, p)] as const));
      return new Map(read);
    });
    return fast ? fast.value : null;
  }

  /**
   * How snapshot `id` recorded each of `paths` (size and chunk ids; null for a file it does not hold),
   * read in-process; null when the in-process path cannot answer (the caller then asks restic).
   */
  async snapshotFileChunks(
    id: string,
    paths: readonly string[],
  ): Promise<Map<string, FileChunks | null> | null> {
    const fast = await this.inProcess("reading how a snapshot recorded files", async (r) => {
      const read = [];
      for (const p of paths) read.push([p, await r.fileChunks(id, p)] as const);
      return new Map(read);
    });
    return fast ? fast.value : null;
  }

  /**
   * Runs `read` on the in-process tree reader (the one place that chooses it over restic, with the
   * rules of `snapshots()`): null when the backend is not one the reader speaks or it failed (a debug
   * line says why); offline, interruption and a file that fails authentication are thrown as they are.
   */
  private async inProcess<T>(
    what: string,
    read: (r: SnapshotReader) => Promise<T>,
  ): Promise<{ value: T } | null> {
    if (this.target.kind === "other") return null;
    const [repo, tree] = await Promise.all([import("../repo/mod.ts"), import("../repo/tree.ts")]);
    try {
      this.treeReader ??= this.session(repo).then((session) =>
        tree.openSnapshotReader(this.target, this.readOptions(repo), session)
      );
      return { value: await read(await this.treeReader) };
    } catch (e) {
      if (e instanceof OfflineError || e instanceof InterruptedError || e instanceof repo.IntegrityError) {
        throw e;
      }
      this.reporter.debug?.(`${what} in-process failed, asking restic: ${(e as Error).message}`);
      return null;
    }
  }

  private readOptions(repo: typeof import("../repo/mod.ts")) {
    return {
      keyCache: repo.keyCache(this.options.env ?? {}),
      prefer: this.remembered?.protection,
      resticCacheDir: repo.resticCacheDir(this.options.env ?? {}),
      signal: this.options.signal,
      debug: (m: string) => this.reporter.debug?.(m),
    };
  }

  /** This run's in-process session with the repository (opened on first use: key cached, or derived now). */
  async openSession(): Promise<RepoSession> {
    return await this.session(await import("../repo/mod.ts"));
  }

  /** Opens the repository once; a failed open is not kept, so a later read tries again (or falls back). */
  private session(repo: typeof import("../repo/mod.ts")): Promise<RepoSession> {
    if (!this.repoSession) {
      const opening = repo.openRepoSession(this.target, this.readOptions(repo)).then(async (session) => {
        const { id, protection } = session.repository;
        const remembered = this.remembered !== undefined
          ? this.remembered
          : (await readState(this.paths)).repository;
        (await import("./identity.ts")).checkRepositoryId(id, remembered?.id, this.target.server);
        this.openedRepository = { id, protection };
        return session;
      });
      this.repoSession = opening;
      opening.catch(() => {
        if (this.repoSession === opening) this.repoSession = undefined;
      });
    }
    return this.repoSession;
  }

  async readState(): Promise<State> {
    const state = await readState(this.paths);
    this.remembered = state.repository ?? null;
    return state;
  }

  /**
   * Writes state.json, keeping the remembered repository (a state built afresh does not drop it) or
   * remembering the one this run opened.
   */
  writeState(state: State): Promise<void> {
    const repository = state.repository ?? this.remembered ?? this.openedRepository;
    return writeState(this.paths, repository && !state.repository ? { ...state, repository } : state);
  }

  /**
   * Which password opens this instance's repository (docs/security.md): `protected` when the
   * derived one does, `server-readable` when only the token's does; null when there is no repository
   * yet (the first push creates a protected one). Uses the key cache: usually no scrypt, no restic.
   */
  async protection(): Promise<Protection | null> {
    if (this.target.kind !== "other") {
      const repo = await import("../repo/mod.ts");
      try {
        return (await this.session(repo)).repository.protection;
      } catch (e) {
        if (e instanceof RepositoryMissingError) return null;
        if (
          e instanceof OfflineError || e instanceof InterruptedError || e instanceof AuthError ||
          e instanceof repo.IntegrityError
        ) throw e;
        this.reporter.debug?.(
          `opening the repository in-process failed, asking restic: ${(e as Error).message}`,
        );
      }
    }
    const restic = await this.getRestic();
    if (!(await restic.configExists())) return null;
    return restic.openedWith ?? null;
  }

  /** A progress callback for restic that throttles once, here in core (docs/architecture.md#code-rules). */
  progress(): ProgressThrottle {
    return new ProgressThrottle(this.reporter, this.options.progressIntervalMs ?? 1000);
  }

  async step(name: string): Promise<void> {
    await this.options.onStep?.(name);
  }
}

/** True when `snapshots` are exactly the snapshots named by `ids`. */
function sameIds(snapshots: Snapshot[], ids: string[]): boolean {
  const listed = new Set(snapshots.map((s) => s.id));
  return listed.size === ids.length && ids.every((id) => listed.has(id));
}
