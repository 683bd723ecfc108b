import { basename, join } from "../../core/fs/path.ts";
import { z } from "zod";
import type { ConflictChoice, ConflictDescription, PlayingElsewhere } from "../../core/ui.ts";

/**
 * The files a dialog window and the hook that opened it talk through, all in `.cloud-sync/` and mode
 * 0600: the hook writes the question, the window writes `open` (its pid) when it starts and the answer
 * when the player chooses. The terminal process itself is never trusted to stay alive (gnome-terminal's
 * client, osascript and others return at once), so the window's own pid tells the hook it was closed.
 */
export const DIALOG_PREFIX = "dialog-";

/** A question the window shows: the same prompts the terminal UI asks. */
export type DialogQuestion =
  | { kind: "conflict"; description: ConflictDescription }
  | { kind: "confirm"; question: string; detail?: string }
  /** Another computer plays and has not uploaded (docs/presence.md); the answer is true for "play". */
  | { kind: "playing-elsewhere"; playing: PlayingElsewhere };

/** What the hook writes: the question, a nonce the answer must repeat, and when to give up (ms epoch). */
export interface QuestionFile {
  nonce: string;
  deadline: number;
  /** The waiting hook's pid: a window whose hook is gone (killed launcher) closes itself. */
  owner: number;
  title: string;
  question: DialogQuestion;
}

export type DialogAnswer = ConflictChoice | boolean;

export const QuestionFileSchema = z.object({
  nonce: z.string().min(16),
  deadline: z.number(),
  owner: z.number().int().positive(),
  title: z.string(),
  question: z.discriminatedUnion("kind", [
    // The description is our own structure written by the same program a moment ago; the dialog checks
    // only what it branches on.
    z.object({
      kind: z.literal("conflict"),
      description: z.custom<ConflictDescription>((v) => typeof v === "object" && v !== null),
    }),
    z.object({ kind: z.literal("confirm"), question: z.string(), detail: z.string().optional() }),
    z.object({
      kind: z.literal("playing-elsewhere"),
      playing: z.object({
        machine: z.string(),
        displayName: z.string(),
        since: z.string(),
        snapshot: z.string().nullable(),
        stale: z.boolean(),
        instanceLabel: z.string(),
      }),
    }),
  ]),
});

const WorldChoiceSchema = z.enum(["cloud", "local", "both"]);
/** The answer is acted on by the hook: checked strictly. */
export const AnswerFileSchema = z.object({
  nonce: z.string(),
  answer: z.union([
    z.enum(["use-cloud", "keep-local", "keep-both", "cancel"]),
    z.object({ worlds: z.record(z.string(), WorldChoiceSchema) }).strict(),
    z.boolean(),
  ]),
});

/** The three file paths of one question, from the question file's path. */
export function dialogFiles(questionPath: string) {
  const base = questionPath.replace(/\.question\.json$/, "");
  return { question: questionPath, open: `${base}.open.json`, answer: `${base}.answer.json` };
}

/** A fresh question path in `configDir`. */
export function newQuestionPath(configDir: string, nonce: string): string {
  return join(configDir, `${DIALOG_PREFIX}${nonce.slice(0, 12)}.question.json`);
}

/** Creates `path` with `text`, mode 0600, failing if it exists (a one-time file is never overwritten). */
export async function writePrivateNew(path: string, text: string): Promise<void> {
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, text, { mode: 0o600, createNew: true });
  try {
    // link + remove instead of rename: refuses (AlreadyExists) when an answer is already there.
    await Deno.link(tmp, path);
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/** The answer in `path`: null while there is none; anything not ours is "cancel", the safe side. */
export async function readAnswer(path: string, nonce: string): Promise<DialogAnswer | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return null;
  }
  try {
    const parsed = AnswerFileSchema.safeParse(JSON.parse(text));
    // A file that is not ours (wrong nonce, wrong shape) is no answer: cancel, the safe side.
    if (!parsed.success || parsed.data.nonce !== nonce) return "cancel";
    return parsed.data.answer;
  } catch {
    return "cancel";
  }
}

/** The window's pid from its `open` file, once written. */
export async function readPid(path: string): Promise<number | null> {
  try {
    const pid = JSON.parse(await Deno.readTextFile(path)).pid;
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Dialog files of an earlier run that was killed while its window was open (we hold the lock now). */
export async function sweepStale(configDir: string): Promise<void> {
  try {
    for await (const e of Deno.readDir(configDir)) {
      if (e.isFile && e.name.startsWith(DIALOG_PREFIX)) {
        await Deno.remove(`${configDir}/${basename(e.name)}`).catch(() => {});
      }
    }
  } catch { /* no folder: nothing to sweep */ }
}
