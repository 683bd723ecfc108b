/**
 * The chaos run's operations: a seeded generator turns (seed, count, machines) into a concrete list,
 * so a failing run replays from its seed and the shrinker can drop operations from the list. Every
 * parameter that depends on the run's history (which snapshot to restore) is resolved when the
 * operation runs, so an operation stays meaningful after others are dropped.
 */
import type { WorldChoice } from "../../core/ui.ts";
import { Rng } from "./rng.ts";

export type Policy = "abort" | "use-cloud" | "keep-local" | "keep-both";
/** What a killed run was doing. */
export type KillTarget = "pull" | "push" | "use-cloud" | "restore";

export type Op =
  /** The player plays on `m` (and, with `also`, in the same world on a second computer). */
  | { kind: "play"; m: number; seed: number; also?: number }
  /** A pre-launch pull answering conflicts with `policy` (or `resolve --choice` when `resolve`). */
  | { kind: "pull"; m: number; policy: Policy; resolve?: boolean }
  | { kind: "push"; m: number }
  /**
   * A game session through the hooks: pull (its launch leaves a presence record), play, push (which
   * ends the record). `crash`: the game crashes after the pull and play, so no push runs and the record
   * stays (docs/presence.md).
   */
  | { kind: "session"; m: number; seed: number; crash: boolean }
  /** A conflict answered world by world (through the Prompter seam: the CLI asks that only in the TUI). */
  | { kind: "per-world"; m: number; choices: WorldChoice[] }
  /**
   * A run SIGKILLed after `afterMs`; `group` also kills its restic (power cut), else restic runs on.
   * With `step`, the run kills itself when it reaches that journal step instead (the fault driver's
   * hook): timed kills of small test worlds rarely land inside the short restore itself.
   */
  | { kind: "kill"; m: number; target: KillTarget; afterMs: number; group: boolean; step?: string }
  /** `restore <id> --yes` of the snapshot at `pick` (modulo the count) in time order. */
  | { kind: "restore"; m: number; pick: number }
  | { kind: "server-down" }
  | { kind: "server-up" }
  | { kind: "disable"; m: number }
  | { kind: "enable"; m: number };

export type OpKind = Op["kind"];

/** Journal steps of a restore (core's `onStep` names) where a kill leaves a restore pending. */
export const RESTORE_STEPS = ["restore:journaled", "restore:restored", "restore:cleaned"];

export const WEIGHTS: Record<OpKind, number> = {
  play: 30,
  pull: 16,
  push: 16,
  session: 8,
  "per-world": 3,
  kill: 12,
  restore: 4,
  // Down/up and disable/enable are weighted so that the server is up and a computer syncs most of the
  // time: a history spent mostly offline or paused exercises little.
  "server-down": 1,
  "server-up": 3,
  disable: 1,
  enable: 3,
};

export interface GenOptions {
  seed: number;
  ops: number;
  machines: number;
  /** Server ops only make sense against a rest-server. */
  server: boolean;
  /** Longest kill delay, about one CLI run that restores or uploads. */
  maxKillMs?: number;
}

/** The operation list of a seed. */
export function generateOps(o: GenOptions): Op[] {
  const rng = new Rng(o.seed);
  const weights = { ...WEIGHTS };
  if (!o.server) weights["server-down"] = weights["server-up"] = 0;
  const ops: Op[] = [];
  while (ops.length < o.ops) {
    const kind = rng.weighted(weights);
    const m = rng.int(o.machines);
    switch (kind) {
      case "play": {
        const op: Op = { kind, m, seed: rng.int(2 ** 31) };
        if (o.machines > 1 && rng.chance(0.15)) op.also = (m + 1 + rng.int(o.machines - 1)) % o.machines;
        ops.push(op);
        break;
      }
      case "pull":
        ops.push({
          kind,
          m,
          policy: rng.weighted({ abort: 4, "use-cloud": 2, "keep-local": 2, "keep-both": 2 }),
          ...(rng.chance(0.15) ? { resolve: true } : {}),
        });
        break;
      case "session":
        ops.push({ kind, m, seed: rng.int(2 ** 31), crash: rng.chance(0.4) });
        break;
      case "per-world":
        ops.push({ kind, m, choices: [0, 1, 2].map(() => rng.pick(["cloud", "local", "both"] as const)) });
        break;
      case "kill":
        ops.push({
          kind,
          m,
          target: rng.weighted({ pull: 4, push: 4, "use-cloud": 2, restore: 1 }),
          afterMs: rng.int(o.maxKillMs ?? 1500),
          group: rng.chance(0.5),
          ...(rng.chance(0.35) ? { step: rng.pick(RESTORE_STEPS) } : {}),
        });
        // The player often starts the game some other way after a failed launch: play on the folder a
        // kill may have left half-restored (docs/reliability.md's case).
        if (rng.chance(0.5) && ops.length < o.ops) ops.push({ kind: "play", m, seed: rng.int(2 ** 31) });
        break;
      case "restore":
        ops.push({ kind, m, pick: rng.int(1000) });
        break;
      case "server-down":
      case "server-up":
        ops.push({ kind });
        break;
      default:
        ops.push({ kind, m });
    }
  }
  return ops;
}

/** One line per operation, for failure reports. */
export function describeOp(op: Op): string {
  const m = "m" in op ? `pc-${op.m}` : "";
  switch (op.kind) {
    case "play":
      return `play ${m}${op.also !== undefined ? ` + pc-${op.also} (same world)` : ""} seed=${op.seed}`;
    case "pull":
      return `${
        op.resolve && op.policy !== "abort" ? "resolve --choice" : "pull --on-conflict"
      }=${op.policy} ${m}`;
    case "session":
      return `${op.crash ? "crashed session" : "session"} (pull, play${
        op.crash ? "" : ", push"
      }) ${m} seed=${op.seed}`;
    case "per-world":
      return `per-world ${m} [${op.choices.join(",")}]`;
    case "kill":
      return `kill ${op.target} ${m} after ${op.afterMs} ms${
        op.group ? " (with restic)" : " (restic runs on)"
      }`;
    case "restore":
      return `restore ${m} pick=${op.pick}`;
    default:
      return `${op.kind}${m ? ` ${m}` : ""}`;
  }
}
