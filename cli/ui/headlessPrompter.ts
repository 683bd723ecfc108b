import { ConflictError, UsageError } from "../../core/errors.ts";
import type { ConflictDescription, Credentials, PlayingElsewhere, Prompter } from "../../core/ui.ts";

/**
 * The prompter without a terminal: it never waits for an answer. Questions that a flag decides throw
 * an error naming that flag (docs/architecture.md#code-rules); a fork push proceeds, since the session must not be lost.
 */
export class HeadlessPrompter implements Prompter {
  /** `onPlayingElsewhere`: `--json` emits the question as an event before core's warning. */
  constructor(
    private readonly packFolder: string,
    private readonly onPlayingElsewhere?: (p: PlayingElsewhere) => void,
  ) {}

  chooseConflict(_d: ConflictDescription): Promise<never> {
    return Promise.reject(
      new ConflictError(
        "Conflict needs a decision and there is no terminal to ask in",
        `Run \`instance-sync resolve --pack-folder=${JSON.stringify(this.packFolder)}\` in a terminal, ` +
          "or pass --on-conflict=use-cloud|keep-local",
      ),
    );
  }

  confirmForkPush(_d: ConflictDescription): Promise<boolean> {
    return Promise.resolve(true);
  }

  confirm(question: string): Promise<boolean> {
    return Promise.reject(new UsageError(`${question}: no terminal to confirm in; pass --yes to proceed`));
  }

  /** Nobody to ask: core prints the warning and the launch goes on (docs/presence.md). */
  confirmPlayingElsewhere(p: PlayingElsewhere): Promise<"abort"> {
    this.onPlayingElsewhere?.(p);
    return Promise.resolve("abort");
  }

  login(): Promise<Credentials> {
    return Promise.reject(
      new UsageError('No terminal to ask for the token: pipe "id:password" on stdin or use --token-file'),
    );
  }
}
