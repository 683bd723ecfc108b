/**
 * The restic driver's top layer: one typed method per restic command the sync engine uses.
 *
 * Paths in snapshots (verified with restic 0.19.1): a backup run with `cwd` = the pack folder and
 * relative `--files-from` entries (`saves`, `options.txt`) stores the files at the snapshot's root —
 * the tree holds `/saves/World/level.dat` and `/options.txt`, not the absolute path — while the
 * snapshot's `paths` field records the absolute sources (`/home/me/.minecraft/saves`), which differ
 * between machines (so parent selection is explicit: `--parent`). `restore <id> --target <pack>`
 * therefore lands files at `<pack>/saves/World/level.dat`. `ls()` returns tree paths without the
 * leading slash (`saves/World/level.dat`), i.e. relative to the pack folder; `restore({ include })`
 * takes the same relative form. Missing `--files-from` entries are skipped by restic with a note.
 *
 * What reads restic's output (trackers, parsers, failure classification) loads zod, so it is imported
 * only once restic has started (pendingHandler.ts): a backup's or restore's module loading overlaps
 * restic's own start instead of delaying it.
 */
import { InterruptedError, RepositoryMissingError, ResticError, type SyncError } from "../errors.ts";
import type { ResticBinary } from "./binary.ts";
import { type RepoTarget, resticEnv, scrub } from "./repo.ts";
import { spawnLines } from "./spawn.ts";
import { OfflineWatch } from "./watch.ts";
import { listLockIds, repositoryExists } from "./listing.ts";
import type { Snapshot } from "./snapshot.ts";
import { backupArgs, type BackupOptions } from "./backupArgs.ts";
import type { BackupResult, BackupTracker } from "./backup.ts";
import type { LsEntry } from "./ls.ts";
import type { RestoreOptions, RestoreResult, RestoreTracker } from "./restore.ts";
import type { FastKey } from "../repo/fastKey.ts";
import { PendingHandler } from "./pendingHandler.ts";
import { type Protection, type RepoPassword, repoPasswords } from "./passwords.ts";

export type { BackupOptions, BackupResult, LsEntry, RestoreOptions, RestoreResult, Snapshot };
export type { ResticProgress } from "./progress.ts";

export interface ResticOptions {
  /** Aborting stops restic (SIGINT, then SIGKILL) and the call rejects with InterruptedError. */
  signal?: AbortSignal;
  /** Kill backup/restore after this long without byte progress and throw OfflineError (default 60000). */
  stallTimeoutMs?: number;
  /** Added to restic's environment (tests: `RESTIC_CACHE_DIR`). Never put secrets on argv instead. */
  extraEnv?: Record<string, string>;
  /** `RESTIC_PROGRESS_FPS`: status lines per second during backup/restore (default 2). */
  progressFps?: number;
  /** After asking restic to stop (SIGINT, so it removes its lock), SIGKILL it after this long (default 5000). */
  killGraceMs?: number;
  /** Base environment (default: this process's, minus any RESTIC_* variable that names a repository). */
  baseEnv?: Record<string, string>;
  /**
   * Where the repository's fast key comes from (core/repo/fastKey.ts), asked once, on the first run
   * that needs the repository open; without it, or when it answers null, restic uses the repository's password (passwords.ts).
   */
  fastKey?: FastKeySource;
  /** Which password the repository is known to use (state.json, the key cache): tried first. */
  prefer?: Protection;
  /**
   * The lock files among `ids` that are not presence records (docs/presence.md): `restic unlock` would
   * remove another computer's record once it is 30 minutes old, so it runs only for other locks.
   */
  notPresence?: (ids: string[]) => Promise<string[]>;
}

/** The fast key for restic's runs, and what to do when restic refuses it. */
export interface FastKeySource {
  get(): Promise<FastKey | null>;
  /** restic could not open the repository with `key` (removed, or another repository now): forget it. */
  rejected(key: FastKey): Promise<void>;
}

interface RunOptions {
  cwd?: string;
  onStdout?: (line: string, watch: OfflineWatch) => void;
  onStderr?: (line: string) => void;
  /** Watch byte progress for stalls (backup, restore). */
  progress?: boolean;
  /** Exit codes that are not failures (backup: 3). */
  okCodes?: number[];
  /** `init`: never the fast key, and only the derived password, which makes the first key. */
  create?: boolean;
}

/** restic's exit code for "wrong password or no key found" (from 0.17.1, the oldest we run). */
const WRONG_PASSWORD = 12;

/** Variables that would make restic open something else than our target, or read another password. */
export const FOREIGN_RESTIC_ENV =
  /^RESTIC_(REPOSITORY|REPOSITORY_FILE|PASSWORD|PASSWORD_FILE|PASSWORD_COMMAND|KEY_HINT|FROM_.*)$/;

/** Drives one restic binary against one repository. */
export class Restic {
  private fastKey?: Promise<FastKey | null>;
  /** The fast key's password once used: hidden like the token in anything this driver reports. */
  private fastPassword?: string;
  /** The passwords to try (derived, token), computed on first use. */
  private passwords?: Promise<RepoPassword[]>;
  /** Which password opened the repository in this driver's last successful run without the fast key. */
  openedWith?: Protection;

  constructor(
    readonly bin: ResticBinary,
    readonly target: RepoTarget,
    private readonly opts: ResticOptions = {},
  ) {}

  /** Creates the repository (fails when it exists). */
  async init(): Promise<void> {
    await this.run(["init"], { create: true });
  }

  /**
   * Creates the repository unless it exists (cheap check first; a concurrent init by another machine is
   * fine). `knownMissing`: this run's listing just found no repository, so the check is skipped (where
   * only restic can look, it would cost one more restic start).
   */
  async ensureInit(knownMissing = false): Promise<void> {
    if (
      !knownMissing &&
      await repositoryExists(this.target, () => this.configExists(), { signal: this.opts.signal })
    ) return;
    try {
      await this.init();
    } catch (e) {
      if (await this.configExists().catch(() => false)) return;
      throw e;
    }
  }

  /** All snapshots, oldest first. */
  async snapshots(): Promise<Snapshot[]> {
    const out: string[] = [];
    const parsing = import("./snapshot.ts");
    // `progress`: a listing that takes longer than the stall limit is "offline" (restic retries a
    // failing cloud drive for many minutes, and a hook must not hang the launcher meanwhile).
    await this.run(["snapshots"], { onStdout: (l) => out.push(l), progress: true });
    return (await parsing).parseSnapshots(out.join("\n"));
  }

  /** Backs up `filesFrom`'s entries, relative to `cwd` (the pack folder). Exit 3 is a warning in `unreadable`. */
  async backup(o: BackupOptions): Promise<BackupResult> {
    await this.keyForRun(); // before the output readers start loading: their evaluation would delay the spawn
    const args = backupArgs(o);
    const tracker = new PendingHandler<BackupTracker>(
      import("./backup.ts").then((m) => new m.BackupTracker(o.onProgress)),
    );
    const { code } = await this.run(args, {
      cwd: o.cwd,
      progress: true,
      okCodes: [3],
      onStdout: (line, watch) => tracker.feed((t) => t.line(line, watch)),
      onStderr: (line) => tracker.feed((t) => t.stderrLine(line)),
    });
    const result = (await tracker.ready).result(code, (m) => this.scrub(m));
    await this.unlockStale();
    return result;
  }

  /** Restores a snapshot into `target`; files land at `<target>/<path as ls() reports it>`. */
  async restore(snapshotId: string, o: RestoreOptions): Promise<RestoreResult> {
    await this.keyForRun(); // as in backup()
    const args = ["restore", snapshotId, "--target", o.target, "--overwrite", "always"];
    for (const p of o.include ?? []) args.push("--include", "/" + p.replace(/^\/+/, ""));
    if (o.listItems) args.push("--verbose=2");
    const tracker = new PendingHandler<RestoreTracker>(
      import("./restore.ts").then((m) => new m.RestoreTracker(o.onProgress)),
    );
    await this.run(args, {
      progress: true,
      onStdout: (line, watch) => tracker.feed((t) => t.line(line, watch)),
    });
    return (await tracker.ready).result();
  }

  /** The entries of a snapshot, paths relative to the pack folder (`saves/World/level.dat`). */
  async ls(snapshotId: string): Promise<LsEntry[]> {
    const out: string[] = [];
    const parsing = import("./ls.ts");
    await this.run(["ls", snapshotId], { onStdout: (l) => out.push(l) });
    return (await parsing).parseLs(out);
  }

  /** Removes stale locks (only those of dead processes); allowed by an append-only rest-server. */
  async unlock(): Promise<void> {
    await this.run(["unlock"]);
  }

  /**
   * Runs `restic unlock` when the repository holds lock files although our own run just ended: a
   * killed run (power cut, SIGKILL) leaves its lock, which blocks `check` and the operator's `prune`.
   * Listing the locks costs one HTTP GET or a folder read, so restic starts only when there is one;
   * `unlock` removes only stale locks, never a live run's. Housekeeping: a failure here is ignored.
   */
  async unlockStale(): Promise<void> {
    try {
      const locks = await listLockIds(this.target, { signal: this.opts.signal, timeoutMs: 5000 });
      const others = locks && this.opts.notPresence ? await this.opts.notPresence(locks) : locks;
      if (others && others.length > 0) await this.unlock();
    } catch {
      // the next backup tries again
    }
  }

  /** Checks the repository's structure (needs no stale exclusive lock in the way). */
  async check(): Promise<void> {
    await this.run(["check"]);
  }

  /** True when the repository's config can be read (the repository exists and the password fits). */
  async configExists(): Promise<boolean> {
    try {
      await this.run(["cat", "config"]);
      return true;
    } catch (e) {
      if (e instanceof RepositoryMissingError) return false;
      throw e;
    }
  }

  /** The passwords to try, in order (passwords.ts). */
  repoPasswords(): Promise<RepoPassword[]> {
    return this.passwords ??= repoPasswords(this.target, this.opts.prefer);
  }

  private env(fast: FastKey | null, password: string): Record<string, string> {
    const base = this.opts.baseEnv ?? Deno.env.toObject();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(base)) if (!FOREIGN_RESTIC_ENV.test(k)) env[k] = v;
    return {
      ...env,
      RESTIC_PROGRESS_FPS: String(this.opts.progressFps ?? 2),
      ...this.opts.extraEnv,
      ...resticEnv(this.target, password),
      ...(fast ? { RESTIC_PASSWORD: fast.password, RESTIC_KEY_HINT: fast.id } : {}),
    };
  }

  /** The fast key for this driver's runs, asked of its source once (null: the repository's password). */
  private keyForRun(): Promise<FastKey | null> {
    return this.fastKey ??= this.opts.fastKey?.get().catch((e) => {
      // Opening the repository found another instance's there: no restic run may go on.
      if ((e as Error)?.name === "WrongRepositoryError") throw e;
      return null;
    }) ?? Promise.resolve(null);
  }

  /** Text from restic or about it, with the token, the derived and the fast key's passwords hidden. */
  private scrub(text: string): string {
    let out = text;
    for (const secret of [this.fastPassword, ...this.knownPasswords]) {
      if (secret) out = out.split(secret).join("***");
    }
    return scrub(out, this.target);
  }

  private knownPasswords: string[] = [];

  /**
   * Runs restic once; when the fast key did not open the repository (exit 12, before restic did
   * anything), forgets it and runs again with the passwords: slower, never wrong.
   */
  private async run(args: string[], o: RunOptions = {}): Promise<{ code: number }> {
    const fast = o.create ? null : await this.keyForRun();
    if (fast) this.fastPassword = fast.password;
    if (!fast) return await this.runWithPasswords(args, o);
    const first = await this.runOnce(
      args,
      { ...o, okCodes: [...(o.okCodes ?? []), WRONG_PASSWORD] },
      fast,
      fast.password,
    );
    if (first.code !== WRONG_PASSWORD) return first;
    this.fastKey = Promise.resolve(null);
    await this.opts.fastKey!.rejected(fast).catch(() => {});
    return await this.runWithPasswords(args, o);
  }

  /**
   * Runs restic with the derived password, then (exit 12: the repository was made with the token's)
   * with the token's; the one that opened it is tried first from then on. `init` uses the derived one.
   */
  private async runWithPasswords(args: string[], o: RunOptions): Promise<{ code: number }> {
    const all = await this.repoPasswords();
    this.knownPasswords = all.map((p) => p.password);
    const candidates = o.create ? all.filter((p) => p.protection === "protected") : all;
    for (const [i, candidate] of candidates.entries()) {
      const last = i === candidates.length - 1;
      const okCodes = last ? o.okCodes : [...(o.okCodes ?? []), WRONG_PASSWORD];
      const result = await this.runOnce(args, { ...o, okCodes }, null, candidate.password);
      if (result.code === WRONG_PASSWORD && !last) continue;
      this.openedWith = candidate.protection;
      if (i > 0) this.passwords = Promise.resolve([candidate, ...all.filter((p) => p !== candidate)]);
      return result;
    }
    throw new Error("unreachable: no password to try");
  }

  private async runOnce(
    args: string[],
    o: RunOptions,
    fast: FastKey | null,
    password: string,
  ): Promise<{ code: number }> {
    const watch = new OfflineWatch(
      this.target.server,
      o.progress ? this.opts.stallTimeoutMs ?? 60_000 : undefined,
    );
    const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, watch.signal]) : watch.signal;
    const stderr: string[] = [];
    let result;
    try {
      result = await spawnLines({
        cmd: this.bin.path,
        args: [args[0], "--json", ...args.slice(1)],
        env: this.env(fast, password),
        cwd: o.cwd,
        signal,
        killGraceMs: this.opts.killGraceMs,
        onStdout: o.onStdout && ((line) => o.onStdout!(line, watch)),
        onStderr: (line) => {
          if (stderr.push(line) > 200) stderr.shift();
          watch.stderr(line);
          o.onStderr?.(line);
        },
      });
    } catch (e) {
      throw new ResticError(
        this.scrub(`Cannot run restic at "${this.bin.path}": ${(e as Error).message}`),
        null,
      );
    } finally {
      watch.stop();
    }
    if (watch.signal.aborted) {
      const reason = watch.signal.reason as SyncError;
      reason.detail ??= this.scrub(`restic ${args[0]} on ${this.target.display}: ${stderr.at(-1) ?? ""}`);
      throw reason;
    }
    if (this.opts.signal?.aborted) throw new InterruptedError();
    if (result.listenerError) throw result.listenerError;
    if (result.code === 0 || o.okCodes?.includes(result.code)) return { code: result.code };
    const { classifyFailure } = await import("./failure.ts");
    throw classifyFailure(
      { code: result.code, stderr: stderr.map((l) => this.scrub(l)), command: args[0] },
      this.target,
    );
  }
}
