import { ConflictError, InterruptedError } from "../../core/errors.ts";
import type {
  ConflictChoice,
  ConflictDescription,
  Credentials,
  PlayingElsewhere,
  Prompter,
} from "../../core/ui.ts";
import { HeadlessPrompter } from "../ui/headlessPrompter.ts";
import { whyNoDesktop } from "./desktop.ts";
import type { DialogQuestion } from "./protocol.ts";
import { formatWait } from "./timeout.ts";

export interface WindowPrompterOptions {
  packFolder: string;
  configDir: string;
  env: Record<string, string | undefined>;
  os: typeof Deno.build.os;
  /** `--dialog-timeout`, in seconds. */
  timeoutSeconds: number;
  /** The launcher's log (stderr lines). */
  err: (line: string) => void;
  signal?: AbortSignal;
  /** Ask in the browser when no terminal window can open (`--dialog=window`, the default). */
  fallbackToBrowser?: boolean;
}

/**
 * The prompter of a hook run without a terminal (docs/dialogs.md): each question opens a terminal window
 * with the same Ink dialog and waits for the player's answer. The hook keeps the lock, the token and
 * the restic settings and applies the answer itself. Without a desktop or a terminal it behaves as
 * the headless prompter does, plus one line saying why no window opened.
 */
export class WindowPrompter implements Prompter {
  readonly #headless: HeadlessPrompter;

  constructor(private readonly o: WindowPrompterOptions) {
    this.#headless = new HeadlessPrompter(o.packFolder);
  }

  async chooseConflict(description: ConflictDescription): Promise<ConflictChoice | "abort"> {
    const answer = await this.#ask(
      { kind: "conflict", description },
      `the conflict in "${description.instanceLabel}"`,
      `instance-sync: conflict in "${description.instanceLabel}"`,
    );
    // No window: stop exactly as a headless run does (--on-conflict=abort), with its message.
    if (answer === null) return "abort";
    return typeof answer === "boolean" ? "cancel" : answer;
  }

  /** As headless: a fork push uploads anyway, so the session just played is never lost (docs/contract.md#sync-semantics). */
  confirmForkPush(d: ConflictDescription): Promise<boolean> {
    return this.#headless.confirmForkPush(d);
  }

  async confirm(question: string, detail?: string): Promise<boolean> {
    const answer = await this.#ask(
      { kind: "confirm", question, detail },
      "a confirmation",
      `instance-sync: ${question}`,
    );
    // No window: the guard stops the run with its own message, as without a terminal today.
    if (answer === null) throw new ConflictError(detail ?? question);
    return answer === true;
  }

  /** Asked in the window; without one, "abort": core prints the warning and the launch goes on. */
  async confirmPlayingElsewhere(p: PlayingElsewhere): Promise<"play" | "cancel" | "abort"> {
    const answer = await this.#ask(
      { kind: "playing-elsewhere", playing: p },
      `"${p.displayName}" still playing "${p.instanceLabel}"`,
      `instance-sync: ${p.displayName} is playing "${p.instanceLabel}"`,
    );
    if (answer === null) return "abort";
    return answer === true ? "play" : "cancel";
  }

  login(): Promise<Credentials> {
    return this.#headless.login();
  }

  async #browser() {
    const { BrowserPrompter } = await import("../browser/prompter.ts");
    return new BrowserPrompter(this.o);
  }

  /** The answer, or null when no window could open (after saying why). */
  async #ask(question: DialogQuestion, what: string, title: string) {
    const line = (s: string) => this.o.err(`instance-sync: ${s}`);
    const noDesktop = whyNoDesktop(this.o.os, this.o.env);
    if (noDesktop) {
      line(`No dialog window opened: ${noDesktop}`);
      return null;
    }
    const timeout = formatWait(this.o.timeoutSeconds);
    const { openDialogWindow } = await import("./open.ts");
    const outcome = await openDialogWindow(question, {
      configDir: this.o.configDir,
      env: this.o.env,
      os: this.o.os,
      timeoutMs: this.o.timeoutSeconds * 1000,
      title,
      signal: this.o.signal,
      onOpen: (terminal) =>
        line(
          `A decision is needed: opened a terminal window (${terminal}) for ${what}; waiting up to ${timeout} for the answer`,
        ),
    });
    switch (outcome.kind) {
      case "answer":
        return outcome.answer;
      case "unavailable": {
        line(`No dialog window opened: ${outcome.why}`);
        if (!this.o.fallbackToBrowser) return null;
        // A Flatpak launcher has no terminal, but the desktop's URL opener reaches the portal.
        const answer = await (await this.#browser()).ask(question, what);
        // The page answers "playing elsewhere" with "play"/"cancel", the window with true/false.
        if (question.kind === "playing-elsewhere") return answer === null ? null : answer === "play";
        return answer === "play" ? "cancel" : answer;
      }
      case "closed":
        throw new ConflictError(
          "The dialog window was closed without an answer; nothing was changed",
          this.#resolveHint(question),
        );
      case "interrupted":
        throw new InterruptedError("Interrupted while waiting for the dialog window; nothing was changed");
      case "timeout":
        throw new ConflictError(
          `No answer in the dialog window within ${timeout}; nothing was changed`,
          this.#resolveHint(question),
        );
    }
  }

  #resolveHint(question: DialogQuestion): string | undefined {
    if (question.kind !== "conflict") return undefined;
    return `Launch again to get the window back, or in a terminal run \`instance-sync resolve --pack-folder=${
      JSON.stringify(this.o.packFolder)
    }\``;
  }
}
