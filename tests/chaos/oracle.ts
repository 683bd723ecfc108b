/**
 * The chaos run's oracle (the invariants of docs/contract.md#invariants, checked after every step and at the end):
 * - I1: every file version a sync run replaced or removed on a computer is in some snapshot;
 * - every session a push (or pull's catch-up) reported uploaded is in the repository, holding
 *   exactly the files the computer had, and stays there (append-only);
 * - a pull or restore that reports success leaves no journaled restore and, when it restored, a
 *   folder equal to its base snapshot (no half-restored world);
 * - exit codes are the documented ones for what happened, and a synced folder always gets a summary;
 * - a pull never misses another computer's unsynced play (docs/presence.md): when a computer's last
 *   launch (a pull that let the game start) is not followed by its push or a later snapshot of its own,
 *   every other computer's pull warns about it (a `playing-elsewhere` event);
 * - at the end: no instance or restic lock (so no presence record is left once every computer pushed), `restic check` passes, every pushed snapshot is listed by
 *   `history`, and all computers hold the same files.
 */
import { existsSync } from "node:fs";
import { instancePaths } from "../../core/config/paths.ts";
import { readState, type State } from "../../core/sync/state.ts";
import { hashTree, versions } from "../faults/harness.ts";
import type { Cluster, Machine } from "./cluster.ts";

/** A broken invariant; `check` names which (the shrinker keeps a reduction only if the same one fails). */
export class OracleFailure extends Error {
  constructor(readonly check: string, message: string) {
    super(`${check}: ${message}`);
    this.name = "OracleFailure";
  }
}

/** What a sync run was, for the oracle's expectations. */
export type RunKind = "pull" | "push" | "restore";

export interface Observed {
  code: number;
  killed: boolean;
  outcome?: string;
  snapshot?: string;
  stderr: string;
  /** CLI runs: the hosts named by `playing-elsewhere` events (undefined for core runs). */
  playingElsewhere?: string[];
}

/** Outcomes after which the folder must equal the base snapshot exactly. */
const RESTORED = new Set(["restored", "used-cloud"]);
/** Outcomes that uploaded the local files as a new head. */
const UPLOADED = new Set(["pushed", "caught-up"]);

function fail(check: string, message: string): never {
  throw new OracleFailure(check, message);
}

export class Oracle {
  /** Snapshot id → the computer that uploaded it. */
  readonly pushed = new Map<string, string>();
  readonly outcomes = new Map<string, number>();
  /**
   * Host → when its last launch ended (its presence record is at most that old), while no push
   * followed; "unknown" after a killed pull or push (a record may or may not be there).
   */
  readonly playing = new Map<string, number | "unknown">();

  constructor(private readonly cluster: Cluster) {}

  state(m: Machine): Promise<State> {
    return readState(instancePaths(m.pack));
  }

  /** Runs one sync run on `m` and checks what it did. */
  async observe(m: Machine, kind: RunKind, run: () => Promise<Observed>): Promise<Observed> {
    const before = await hashTree(m.pack);
    const stateBefore = await this.state(m);
    const enabled = existsSync(instancePaths(m.pack).syncJson);
    const expectedWarnings = kind === "pull" ? await this.unsyncedPlayElsewhere(m) : [];
    const r = await run();
    const key = r.killed ? `${kind}: killed` : `${kind}: ${r.outcome ?? `exit ${r.code}`}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
    const after = await hashTree(m.pack);
    const what = `${kind} on ${m.host}`;

    if (!r.killed) this.checkExit(kind, r, stateBefore, what);

    // I1: what this run took off the disk must be in a snapshot.
    const onDisk = versions(after);
    const gone = new Set([...versions(before)].filter((v) => !onDisk.has(v)));
    if (gone.size) {
      const lost = await this.cluster.repo.missingFromSnapshots(gone);
      if (lost.length) {
        fail("I1 lost data", `${what} replaced file versions that no snapshot holds: ${lost.join(", ")}`);
      }
    }

    if (!enabled && treeDiff(after, before)) {
      fail(
        "disabled but synced",
        `${what} changed files although sync is disabled: ${treeDiff(after, before)}`,
      );
    }
    if (!r.killed && r.code === 0 && enabled && !r.outcome) {
      fail("silent run", `${what} exited 0 on a synced folder without a --json summary`);
    }
    if (!r.killed && r.code === 0) {
      const state = await this.state(m);
      if (r.outcome && UPLOADED.has(r.outcome) && r.snapshot) {
        const inSnapshot = await this.cluster.repo.contentsOf(r.snapshot);
        const diff = treeDiff(after, inSnapshot);
        if (diff) fail("session not in snapshot", `${what} uploaded ${r.snapshot.slice(0, 8)} but ${diff}`);
        this.pushed.set(r.snapshot, m.host);
      }
      if (kind !== "push" && state.pending) {
        fail("half-restored", `${what} exited 0 with a restore still journaled`);
      }
      if (r.outcome && RESTORED.has(r.outcome)) {
        if (!state.base) fail("half-restored", `${what} restored but state.json has no base`);
        const diff = treeDiff(after, await this.cluster.repo.contentsOf(state.base.id));
        if (diff) fail("half-restored", `${what} reported ${r.outcome} but ${diff}`);
      }
    }
    // A pull finishing an interrupted restore may stop before it lists the cloud (and so the records).
    if (!stateBefore.pending) this.checkPlayingElsewhere(m, kind, r, enabled, expectedWarnings);
    else if (kind === "pull" && r.code === 0 && !r.killed) this.playing.set(m.host, "unknown");
    await this.checkPushedKept();
    return r;
  }

  /** Hosts other than `m` whose launch is recorded and not uploaded: a pull on `m` must warn of each. */
  private async unsyncedPlayElsewhere(m: Machine): Promise<string[]> {
    const candidates = [...this.playing].filter(([host, since]) => host !== m.host && since !== "unknown");
    if (!candidates.length || !this.cluster.serverUp) return [];
    const snapshots = await this.cluster.repo.snapshots();
    return candidates
      .filter(([host, since]) =>
        !snapshots.some((s) => s.hostname === host && Date.parse(s.time) > (since as number))
      )
      .map(([host]) => host);
  }

  private checkPlayingElsewhere(
    m: Machine,
    kind: RunKind,
    r: Observed,
    enabled: boolean,
    expected: string[],
  ) {
    const online = this.cluster.serverUp && r.outcome !== "offline";
    if (r.killed) {
      if (kind === "pull" || (kind === "push" && this.playing.has(m.host))) {
        this.playing.set(m.host, "unknown");
      }
      return;
    }
    if (kind === "pull" && r.code === 0 && enabled && online && r.outcome !== "not-opted-in") {
      this.playing.set(m.host, Date.now()); // the launch goes ahead and is recorded
    }
    if (kind === "push" && r.code === 0 && enabled && online && r.outcome !== "not-opted-in") {
      this.playing.delete(m.host); // uploaded, record removed
    }
    // Only CLI pulls that got past their listing carry the events (core runs through the fault driver do not).
    if (kind !== "pull" || !r.playingElsewhere || !enabled || !online || (r.code !== 0 && r.code !== 3)) {
      return;
    }
    if (expected.length) {
      // Counted, so a run's summary shows the check was not vacuous.
      this.outcomes.set(
        "pull: warned of play elsewhere",
        (this.outcomes.get("pull: warned of play elsewhere") ?? 0) + 1,
      );
    }
    const missing = expected.filter((h) => !r.playingElsewhere!.includes(h));
    if (missing.length) {
      fail(
        "warning missing",
        `a pull on ${m.host} did not warn that ${missing.join(", ")} played and has not uploaded yet`,
      );
    }
  }

  private checkExit(kind: RunKind, r: Observed, stateBefore: State, what: string) {
    const detail = `${what} exited ${r.code}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`;
    if (r.code === 0 || r.code === 3) return; // done, or a conflict / guarded change for the player
    if (r.code === 2 && kind === "push" && stateBefore.pending) return; // refuses a half-restored folder
    if (r.code === 1 && !this.cluster.serverUp) return; // offline where it cannot carry on
    fail("unexpected exit", detail);
  }

  /** Append-only: every uploaded session stays in the repository. */
  async checkPushedKept() {
    const ids = new Set(await this.cluster.repo.snapshotIds());
    for (const [id, host] of this.pushed) {
      if (!ids.has(id)) fail("session lost", `snapshot ${id.slice(0, 8)} pushed by ${host} is gone`);
    }
  }
}

/** A short description of how two trees differ, or null when equal. */
export function treeDiff(local: Map<string, string>, snapshot: Map<string, string>): string | null {
  const problems: string[] = [];
  for (const [p, h] of local) {
    if (!snapshot.has(p)) problems.push(`${p} is only on disk`);
    else if (snapshot.get(p) !== h) problems.push(`${p} differs`);
  }
  for (const p of snapshot.keys()) if (!local.has(p)) problems.push(`${p} is only in the snapshot`);
  if (!problems.length) return null;
  return `disk and snapshot differ: ${problems.slice(0, 6).join(", ")}${problems.length > 6 ? ", …" : ""}`;
}
