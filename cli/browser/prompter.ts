import { ConflictError, InterruptedError } from "../../core/errors.ts";
import type {
  ConflictChoice,
  ConflictDescription,
  Credentials,
  PlayingElsewhere,
  Prompter,
} from "../../core/ui.ts";
import { HeadlessPrompter } from "../ui/headlessPrompter.ts";
import { whyNoDesktop } from "../window/desktop.ts";
import { formatWait } from "../window/timeout.ts";
import type { BrowserAnswer, BrowserQuestion } from "./question.ts";

export interface BrowserPrompterOptions {
  packFolder: string;
  env: Record<string, string | undefined>;
  os: typeof Deno.build.os;
  /** `--dialog-timeout`, in seconds. */
  timeoutSeconds: number;
  /** The launcher's log (stderr lines). */
  err: (line: string) => void;
  signal?: AbortSignal;
  /** Tests only: how long a lost event stream means a closed tab (default 5 s). */
  closedGraceMs?: number;
}

/**
 * The prompter of a hook that asks in the browser (`--dialog=browser`, or `window` when no terminal
 * window can open): each question is a page served on 127.0.0.1 and opened with the desktop's URL
 * opener. The hook keeps the lock, the token and the restic settings and applies the answer itself.
 * Without a desktop or an opener it behaves as the headless prompter does, plus one line saying why.
 */
export class BrowserPrompter implements Prompter {
  readonly #headless: HeadlessPrompter;

  constructor(private readonly o: BrowserPrompterOptions) {
    this.#headless = new HeadlessPrompter(o.packFolder);
  }

  async chooseConflict(description: ConflictDescription): Promise<ConflictChoice | "abort"> {
    const answer = await this.ask(
      { kind: "conflict", description },
      `the conflict in "${description.instanceLabel}"`,
    );
    if (answer === null) return "abort";
    return typeof answer === "boolean" || answer === "play" ? "cancel" : answer;
  }

  /** As headless: a fork push uploads anyway, so the session just played is never lost (docs/contract.md#sync-semantics). */
  confirmForkPush(d: ConflictDescription): Promise<boolean> {
    return this.#headless.confirmForkPush(d);
  }

  async confirm(question: string, detail?: string): Promise<boolean> {
    const answer = await this.ask({ kind: "confirm", question, detail }, "a confirmation");
    if (answer === null) throw new ConflictError(detail ?? question);
    return answer === true;
  }

  async confirmPlayingElsewhere(playing: PlayingElsewhere): Promise<"play" | "cancel" | "abort"> {
    const answer = await this.ask({ kind: "playing-elsewhere", playing }, "the launch on another computer");
    if (answer === null) return "abort";
    return answer === "play" ? "play" : "cancel";
  }

  login(): Promise<Credentials> {
    return this.#headless.login();
  }

  /** The answer, or null when no page could be opened (after saying why). */
  async ask(question: BrowserQuestion, what: string): Promise<BrowserAnswer | null> {
    const line = (s: string) => this.o.err(`instance-sync: ${s}`);
    const noDesktop = whyNoDesktop(this.o.os, this.o.env);
    if (noDesktop) {
      line(`No browser page opened: ${noDesktop}`);
      return null;
    }
    const timeout = formatWait(this.o.timeoutSeconds);
    const { openDialogBrowser } = await import("./open.ts");
    const outcome = await openDialogBrowser(question, {
      packFolder: this.o.packFolder,
      env: this.o.env,
      os: this.o.os,
      timeoutMs: this.o.timeoutSeconds * 1000,
      signal: this.o.signal,
      closedGraceMs: this.o.closedGraceMs,
      onOpen: (opener, url) =>
        line(
          `A decision is needed: opened ${what} in the browser (${opener}); waiting up to ${timeout} for the answer at ${url}`,
        ),
    });
    switch (outcome.kind) {
      case "answer":
        return outcome.answer;
      case "unavailable":
        line(`No browser page opened: ${outcome.why}`);
        return null;
      case "closed":
        throw new ConflictError(
          "The browser page was closed without an answer; nothing was changed",
          this.#resolveHint(question),
        );
      case "interrupted":
        throw new InterruptedError("Interrupted while waiting for the browser page; nothing was changed");
      case "timeout":
        throw new ConflictError(
          `No answer in the browser page within ${timeout}; nothing was changed`,
          this.#resolveHint(question),
        );
    }
  }

  #resolveHint(question: BrowserQuestion): string | undefined {
    if (question.kind !== "conflict") return undefined;
    return `Launch again to get the page back, or in a terminal run \`instance-sync resolve --pack-folder=${
      JSON.stringify(this.o.packFolder)
    }\``;
  }
}
