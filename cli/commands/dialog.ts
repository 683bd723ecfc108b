import { UsageError } from "../../core/errors.ts";
import { processAlive } from "../../core/sync/lock.ts";
import type { CliContext } from "../context.ts";
import { type DialogAnswer, dialogFiles, QuestionFileSchema, writePrivateNew } from "../window/protocol.ts";

const DEADLINE_GRACE_MS = 5000;
const OWNER_POLL_MS = 1000;

/**
 * `dialog <question file>` (hidden): what runs inside the terminal window a hook opened. It shows the
 * question with the terminal UI's own dialog and writes the answer for the waiting hook; it changes
 * nothing else. Closing the window kills it before it answers, which the hook reads as "closed".
 */
export async function runDialog(questionPath: string, ctx: CliContext): Promise<void> {
  const files = dialogFiles(questionPath);
  let text: string;
  try {
    text = await Deno.readTextFile(files.question);
  } catch {
    throw new UsageError(
      `Cannot read the dialog question "${questionPath}": it is gone (answered or timed out)`,
    );
  }
  let parsed;
  try {
    parsed = QuestionFileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new UsageError(`Cannot parse the dialog question "${questionPath}"`);
  const q = parsed.data;
  if (!ctx.stdinIsTerminal) {
    throw new UsageError("The dialog needs a terminal (it runs in the window a hook opens)");
  }
  if (Date.now() >= q.deadline) throw new UsageError("The dialog timed out before it opened");

  // The title names the question in the task bar; the pid tells the hook when the window is gone.
  ctx.err(`\x1b]0;${[...q.title].filter((c) => c >= " " && c !== "\x7f").join("")}\x07`);
  await writePrivateNew(files.open, JSON.stringify({ pid: Deno.pid }));

  const { createTuiFrontend } = await import("../../tui/frontend.ts");
  const tui = await createTuiFrontend({
    packFolder: q.question.kind === "conflict" ? q.question.description.packFolder : "",
    env: ctx.env,
    // The window's terminal may be a default xterm whose font has no arrows.
    ascii: true,
  });
  // A backstop for a hook that died: the hook itself ends the window at the deadline, so this fires
  // only later, and answers "cancel" so no window outlives the run that asked.
  const timer = setTimeout(() => tui.close(), Math.max(0, q.deadline + DEADLINE_GRACE_MS - Date.now()));
  // A launcher killed meanwhile takes its hook with it: nobody waits for this answer any more.
  let ownerGone = false;
  const watch = setInterval(async () => {
    if (!(await processAlive(q.owner))) {
      ownerGone = true;
      await tui.close();
    }
  }, OWNER_POLL_MS);
  let answer: DialogAnswer;
  try {
    answer = q.question.kind === "conflict"
      ? await tui.prompter.chooseConflict(q.question.description) as DialogAnswer
      : q.question.kind === "playing-elsewhere"
      ? await tui.prompter.confirmPlayingElsewhere(q.question.playing) === "play"
      : await tui.prompter.confirm(q.question.question, q.question.detail);
  } finally {
    clearTimeout(timer);
    clearInterval(watch);
    await tui.close();
  }
  if (ownerGone) {
    for (const f of Object.values(files)) await Deno.remove(f).catch(() => {});
    return;
  }
  // The hook removes the question when it stops waiting: an answer then would only be left behind.
  try {
    await Deno.stat(files.question);
  } catch {
    throw new UsageError("The launch that asked has ended; this answer was not used");
  }
  await writePrivateNew(files.answer, JSON.stringify({ nonce: q.nonce, answer }));
}
