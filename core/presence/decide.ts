/**
 * What a pull does about other computers' unsynced play (docs/presence.md): `--on-playing-elsewhere`
 * decides first; under "ask" the prompter asks where someone can answer, and where nobody can (no
 * terminal, no dialog window) the warning is printed and the launch goes on. A record older than 24
 * hours is a note ("may have crashed"), never a question.
 */
import { ConflictError } from "../errors.ts";
import type { Instance } from "../sync/instance.ts";
import type { PlayingElsewhere } from "../ui.ts";
import { playingElsewhereText } from "./text.ts";

/** Throws ConflictError (exit 3, nothing changed) when the launch is cancelled. */
export async function decide(inst: Instance, found: readonly PlayingElsewhere[]): Promise<void> {
  const policy = inst.options.onPlayingElsewhere ?? "ask";
  for (const p of found) {
    const text = playingElsewhereText(p);
    if (p.stale) {
      inst.reporter.warn(text);
      continue;
    }
    if (policy === "play") {
      inst.reporter.warn(text);
      continue;
    }
    if (policy === "cancel") {
      throw new ConflictError(
        `Launch cancelled (--on-playing-elsewhere=cancel): ${text}`,
        "Close the game there (it uploads when it exits), then launch again",
      );
    }
    const answer = inst.prompter ? await inst.prompter.confirmPlayingElsewhere(p) : "abort";
    if (answer === "cancel") {
      throw new ConflictError(`Launch cancelled; nothing was changed. ${text}`);
    }
    // "abort": nobody could be asked, so the warning is all there is; the launch goes on.
    if (answer === "abort") inst.reporter.warn(text);
    else inst.reporter.info(`Playing anyway while ${p.displayName} has not uploaded`);
  }
}
