/**
 * Fault-injection harness: a template instance is built once per suite (a rest-server repository and
 * a pack folder), then cloned cheaply for every kill point (the repository folder is copied on the
 * server's disk to another account of the same server, so the clone keeps the instance id its
 * snapshots name, and a restic left running by one kill point never writes into the next clone). A run of `driver.ts` is SIGKILLed — at a journal step, or
 * after N ms together with its restic child (its whole process group, like a power cut) — and the
 * invariants of docs/contract.md#invariants are checked after a recovery run.
 */
import { derivedPasswordOf } from "../helpers/derived.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { instancePaths } from "../../core/config/paths.ts";
import { readState, type State } from "../../core/sync/state.ts";
import type { RestServer } from "../helpers/restServer.ts";
import { testResticPath } from "../helpers/tools.ts";
import type { DriverOptions } from "./driver.ts";
import { skipIf } from "../helpers/skip.ts";
import { listNames } from "../helpers/tmp.ts";

/** `ignore` for the tests that run `runDriver`: process groups (setsid) watched through /proc. */
export const LINUX_PROCESS_GROUPS = skipIf(
  Deno.build.os !== "linux",
  "kill and concurrency fault suites",
  "Linux-only: they kill whole process groups (setsid) and wait for them in /proc",
);

export const USER = { id: "player", password: "fault-Secret-7" };

/** How many clones one template can make: each gets an account of its own on the suite's server. */
const CLONE_ACCOUNTS = 48;

/** The accounts a fault suite's rest-server needs: the template's, and one per clone. */
export function faultUsers(): Record<string, string> {
  const users: Record<string, string> = { [USER.id]: USER.password };
  for (let i = 0; i < CLONE_ACCOUNTS; i++) users[`clone-${i}`] = USER.password;
  return users;
}

const clonesMade = new WeakMap<Template, number>();
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DRIVER = fileURLToPath(new URL("./driver.ts", import.meta.url));
/** The pack-relative roots the test packs use; all in the default scope. */
const IN_SCOPE = ["saves", "options.txt", "screenshots"];

/** Incompressible bytes, so restic has real work to do. */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) {
    crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
  }
  return out;
}

/** Writes files (content or `null` to delete) below `dir`. */
export async function applyFiles(dir: string, files: Record<string, string | Uint8Array | null>) {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    if (content === null) {
      await Deno.remove(path);
      continue;
    }
    await Deno.mkdir(join(path, ".."), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
}

/** path → sha-256 of every in-scope file below `dir`. */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string) => {
    let info: Deno.FileInfo;
    try {
      info = await Deno.lstat(join(dir, rel));
    } catch {
      return;
    }
    if (info.isDirectory) {
      for await (const e of Deno.readDir(join(dir, rel))) await walk(`${rel}/${e.name}`);
    } else if (!rel.endsWith("session.lock")) {
      const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(join(dir, rel)));
      out.set(rel, Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""));
    }
  };
  for (const root of IN_SCOPE) await walk(root);
  return out;
}

/** Every file version of a tree, as `path@hash`. */
export function versions(tree: Map<string, string>): Set<string> {
  return new Set([...tree].map(([p, h]) => `${p}@${h}`));
}

/** One instance's repository on the test rest-server, opened directly with restic. */
export class Repo {
  /** Snapshot contents already restored once (a snapshot never changes). */
  private contents = new Map<string, Map<string, string>>();

  constructor(
    readonly server: RestServer,
    readonly instanceId: string,
    readonly cacheDir: string,
    readonly user: string = USER.id,
  ) {}

  get dir(): string {
    return join(this.server.dataDir, this.user, this.instanceId);
  }

  env(): Record<string, string> {
    const host = this.server.url.replace(/^http:\/\//, "");
    return {
      RESTIC_REPOSITORY: `rest:http://${this.user}:${USER.password}@${host}/${this.user}/${this.instanceId}/`,
      RESTIC_PASSWORD: derivedPasswordOf(USER.password),
      RESTIC_CACHE_DIR: this.cacheDir,
    };
  }

  /** Runs restic on this repository; returns exit code and output. */
  async restic(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const r = await new Deno.Command(testResticPath(), {
      args,
      env: this.env(),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const d = new TextDecoder();
    return { code: r.code, out: d.decode(r.stdout), err: d.decode(r.stderr) };
  }

  /** Snapshot ids, read from the server's disk (no restic needed). */
  async snapshotIds(): Promise<string[]> {
    return await listNames(join(this.dir, "snapshots"));
  }

  /** Lock files left in the repository. */
  async locks(): Promise<string[]> {
    return await listNames(join(this.dir, "locks"));
  }

  /**
   * The lock files that are restic's own, not presence records (docs/presence.md): a pull that lets the
   * launch go ahead leaves this computer's record, a lock restic reads with the host "<host> (instance-sync
   * presence)".
   */
  async resticLocks(): Promise<string[]> {
    const own: string[] = [];
    for (const id of await this.locks()) {
      const r = await this.restic(["cat", "lock", id, "--no-lock"]);
      const host = r.code === 0 ? (JSON.parse(r.out) as { hostname?: string }).hostname : undefined;
      if (!host?.endsWith(" (instance-sync presence)")) own.push(id);
    }
    return own;
  }

  /** The in-scope files of a snapshot (restored once into a temp folder). */
  async contentsOf(id: string): Promise<Map<string, string>> {
    const cached = this.contents.get(id);
    if (cached) return cached;
    const target = await Deno.makeTempDir({ prefix: "is-fault-snap-" });
    try {
      const r = await this.restic(["restore", id, "--target", target]);
      assert.equal(r.code, 0, `restic restore ${id.slice(0, 8)}: ${r.err}`);
      const tree = await hashTree(target);
      this.contents.set(id, tree);
      return tree;
    } finally {
      await Deno.remove(target, { recursive: true }).catch(() => {});
    }
  }

  /** Seeds the contents of snapshots copied from a template. */
  seed(contents: Map<string, Map<string, string>>) {
    for (const [id, tree] of contents) this.contents.set(id, tree);
  }
}

/** A frozen starting point: a pack folder, its repository, and what each snapshot holds. */
export interface Template {
  server: RestServer;
  pack: string;
  instanceId: string;
  host: string;
  contents: Map<string, Map<string, string>>;
}

/** A private copy of a template: its own pack folder and repository (same snapshots). */
export interface Clone {
  pack: string;
  repo: Repo;
  host: string;
  /** Snapshot ids that existed before the faulty run. */
  snapshotsBefore: string[];
  /** Every in-scope file version on disk or in a snapshot before the faulty run. */
  versionsBefore: Set<string>;
  cleanup(): Promise<void>;
}

/**
 * Copies the template's pack folder and repository to the next clone account of the server (the same
 * instance id: its snapshots name it, and a pull refuses snapshots of another instance).
 */
export async function cloneTemplate(t: Template): Promise<Clone> {
  const n = clonesMade.get(t) ?? 0;
  assert.ok(n < CLONE_ACCOUNTS, `a template makes at most ${CLONE_ACCOUNTS} clones`);
  clonesMade.set(t, n + 1);
  const user = `clone-${n}`;
  const instanceId = t.instanceId;
  const work = await Deno.makeTempDir({ prefix: "is-fault-" });
  const pack = join(work, "pack");
  await cp(t.pack, pack);
  await Deno.mkdir(join(t.server.dataDir, user), { recursive: true });
  await cp(join(t.server.dataDir, USER.id, instanceId), join(t.server.dataDir, user, instanceId));
  await Deno.writeTextFile(instancePaths(pack).token, `${user}:${USER.password}\n`, { mode: 0o600 });
  const repo = new Repo(t.server, instanceId, join(work, "restic-cache"), user);
  repo.seed(t.contents);
  const versionsBefore = versions(await hashTree(pack));
  for (const tree of t.contents.values()) for (const v of versions(tree)) versionsBefore.add(v);
  return {
    pack,
    repo,
    host: t.host,
    snapshotsBefore: await repo.snapshotIds(),
    versionsBefore,
    cleanup: async () => {
      await Deno.remove(work, { recursive: true }).catch(() => {});
      await Deno.remove(repo.dir, { recursive: true }).catch(() => {});
    },
  };
}

async function cp(from: string, to: string) {
  const r = await new Deno.Command("cp", { args: ["-a", from, to], stderr: "piped" }).output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
}

export interface DriverRun {
  code: number;
  /** True when the run died of SIGKILL (the test killed it). */
  killed: boolean;
  ms: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `driver.ts` as its own process group (setsid). `killAt` names a journal step where it kills
 * itself; `killAfterMs` kills the whole group (the run and its restic, like a power cut) after that
 * long, or with `onlyMain` just the run (as a launcher does), leaving its restic to finish alone.
 */
export async function runDriver(
  clone: Pick<Clone, "pack" | "host"> & { repo: Pick<Repo, "cacheDir"> },
  o: Omit<DriverOptions, "packFolder" | "host" | "resticBinary">,
  fault: { killAt?: string; killAfterMs?: number; onlyMain?: boolean } = {},
): Promise<DriverRun> {
  const options: DriverOptions = {
    ...o,
    packFolder: clone.pack,
    host: clone.host,
    resticBinary: testResticPath(),
  };
  const started = performance.now();
  const child = new Deno.Command("setsid", {
    args: [Deno.execPath(), "run", "-A", "--quiet", `--config=${ROOT}deno.json`, DRIVER],
    env: {
      FAULT_OPTS: JSON.stringify(options),
      KILL_AT: fault.killAt ?? "",
      RESTIC_CACHE_DIR: clone.repo.cacheDir,
      NO_COLOR: "1",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const killGroup = () => {
    try {
      Deno.kill(-child.pid, "SIGKILL");
    } catch { /* already gone */ }
  };
  const killMain = () => {
    try {
      Deno.kill(child.pid, "SIGKILL");
    } catch { /* it ended just before the timer fired */ }
  };
  const kill = fault.onlyMain ? killMain : killGroup;
  const timer = fault.killAfterMs !== undefined ? setTimeout(kill, fault.killAfterMs) : undefined;
  const out = await child.output();
  clearTimeout(timer);
  // An orphaned restic finishes its work first (the player re-launches later); then nothing is left.
  await waitGroupGone(child.pid, fault.onlyMain ? 60_000 : 10_000);
  killGroup();
  await waitGroupGone(child.pid, 10_000);
  const d = new TextDecoder();
  return {
    code: out.code,
    killed: out.signal === "SIGKILL",
    ms: performance.now() - started,
    stdout: d.decode(out.stdout),
    stderr: d.decode(out.stderr),
  };
}

/**
 * Waits until no process of the group is left, zombies included: a killed restic is reparented to
 * PID 1, and until PID 1 reaps it, `kill(pid, 0)` succeeds, so restic would not see its lock as stale
 * (a test-machine artifact: in a container PID 1 may reap late; on a player's computer the next run
 * comes much later).
 */
async function waitGroupGone(pgid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    let alive = false;
    for await (const e of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const stat = await Deno.readTextFile(`/proc/${e.name}/stat`);
        // pid (comm) state ppid pgrp …; comm may hold spaces, so split after the last ")".
        if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid) alive = true;
      } catch { /* gone meanwhile */ }
      if (alive) break;
    }
    if (!alive) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The summary a driver run printed, or null. */
export function outcomeOf(run: DriverRun): string | null {
  try {
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "").outcome ?? null;
  } catch {
    return null;
  }
}

/** `n` kill times spread evenly over a run of `ms`. */
export function sweep(ms: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round((ms * (i + 0.5)) / n));
}

/**
 * The invariants after a faulty run and its recovery (invariants I1–I4, docs/contract.md#invariants):
 * no lock left (ours or restic's), `restic check` passes, no pending journal, the folder equals the
 * snapshot state.json names as base, and every file version that existed before is on disk or in a
 * snapshot.
 */
export async function assertRecovered(clone: Clone, what: string): Promise<State> {
  const paths = instancePaths(clone.pack);
  await assert.rejects(
    Deno.lstat(paths.lock),
    Deno.errors.NotFound,
    `${what}: .cloud-sync/lock was left behind`,
  );
  assert.deepEqual(
    await clone.repo.resticLocks(),
    [],
    `${what}: restic lock files were left in the repository`,
  );
  // --no-lock: a fresh presence record holds off restic's exclusive lock (docs/presence.md).
  const check = await clone.repo.restic(["check", "--no-lock"]);
  assert.equal(check.code, 0, `${what}: restic check failed:\n${check.out}\n${check.err}`);

  const state = await readState(paths);
  assert.equal(state.pending, null, `${what}: a restore is still journaled`);
  assert.ok(state.base, `${what}: no base snapshot`);
  const ids = await clone.repo.snapshotIds();
  for (const id of clone.snapshotsBefore) assert.ok(ids.includes(id), `${what}: snapshot ${id} disappeared`);
  assert.ok(ids.includes(state.base.id), `${what}: base ${state.base.id} is not in the repository`);

  const local = await hashTree(clone.pack);
  const base = await clone.repo.contentsOf(state.base.id);
  assert.deepEqual(
    Object.fromEntries(local),
    Object.fromEntries(base),
    `${what}: the folder differs from its base snapshot ${state.base.id.slice(0, 8)}`,
  );
  const everywhere = versions(local);
  for (const id of ids) for (const v of versions(await clone.repo.contentsOf(id))) everywhere.add(v);
  const lost = [...clone.versionsBefore].filter((v) => !everywhere.has(v));
  assert.deepEqual(lost, [], `${what}: file versions lost (neither on disk nor in a snapshot)`);
  return state;
}
