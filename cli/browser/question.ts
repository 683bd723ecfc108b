import { z } from "zod";
import type { ConflictChoice, ConflictDescription, ConflictSide, PlayingElsewhere } from "../../core/ui.ts";
import type { DialogQuestion } from "../window/protocol.ts";

/** What the browser page can ask: the terminal window's questions plus "someone is playing elsewhere". */
export type BrowserQuestion = DialogQuestion | { kind: "playing-elsewhere"; playing: PlayingElsewhere };

/** The page's answer, checked against what that question offered. */
export type BrowserAnswer = ConflictChoice | boolean | "play";

/** One side as the page shows it: no file lists, no paths beyond the world folders. */
interface PageSide {
  machine: string;
  time: string | null;
  label?: string;
  snapshot?: string;
  added: number;
  changed: number;
  removed: number;
  files: number;
  bytes: number;
}

/**
 * What the page receives: only what it displays. The pack folder, file lists and snapshot ids beyond
 * the short one stay in the hook; the repository address and secrets are never part of a question.
 */
export type PageModel =
  | {
    kind: "conflict";
    reason: ConflictDescription["reason"];
    instanceLabel: string;
    base: { time: string; host: string } | null;
    local: PageSide;
    cloud: PageSide;
    worlds: (ConflictDescription["worlds"][number] & { icon: boolean })[];
    otherFiles: { local: number; cloud: number };
  }
  | { kind: "confirm"; question: string; detail?: string }
  | { kind: "playing-elsewhere"; playing: PlayingElsewhere };

function side(s: ConflictSide): PageSide {
  return {
    machine: s.machine,
    time: s.time,
    label: s.label,
    snapshot: s.snapshot?.shortId,
    added: s.added.length,
    changed: s.changed.length,
    removed: s.removed.length,
    files: s.files,
    bytes: s.bytes,
  };
}

/** The page model of `q`; `hasIcon(i)` says whether world `i` has an icon the server may serve. */
export function pageModel(q: BrowserQuestion, hasIcon: (i: number) => boolean): PageModel {
  if (q.kind === "confirm") return { kind: "confirm", question: q.question, detail: q.detail };
  if (q.kind === "playing-elsewhere") return q;
  const d = q.description;
  return {
    kind: "conflict",
    reason: d.reason,
    instanceLabel: d.instanceLabel,
    base: d.base ? { time: d.base.time, host: d.base.host } : null,
    local: side(d.local),
    cloud: side(d.cloud),
    worlds: d.worlds.map((w, i) => ({ ...w, icon: hasIcon(i) })),
    otherFiles: d.otherFiles,
  };
}

const WorldChoiceSchema = z.enum(["cloud", "local", "both"]);

/**
 * The schema of the answers `q` offers, and nothing else: a per-world answer must name every world of
 * the question and only those; keep-both and per-world exist only when worlds changed.
 */
export function answerSchema(q: BrowserQuestion): z.ZodType<BrowserAnswer> {
  if (q.kind === "confirm") return z.boolean();
  if (q.kind === "playing-elsewhere") return z.enum(["play", "cancel"]);
  const folders = q.description.worlds.map((w) => w.folder).sort();
  if (folders.length === 0) return z.enum(["use-cloud", "keep-local", "cancel"]);
  return z.union([
    z.enum(["use-cloud", "keep-local", "keep-both", "cancel"]),
    z.object({ worlds: z.record(z.string(), WorldChoiceSchema) }).strict().refine(
      (a) => JSON.stringify(Object.keys(a.worlds).sort()) === JSON.stringify(folders),
      "a per-world answer names exactly the question's worlds",
    ),
  ]);
}

/** The request body of the answer `POST`. */
export const AnswerBodySchema = z.object({ answer: z.unknown() }).strict();
