import { createElement } from "react";
import type { Instance } from "ink";
import type {
  ConflictChoice,
  ConflictDescription,
  Credentials,
  PlayingElsewhere,
  Prompter,
  Reporter,
} from "../core/ui.ts";
import { playingElsewhereText } from "../core/presence/text.ts";
import { UsageError } from "../core/errors.ts";
import { formatTime } from "../cli/ui/format.ts";
import { HeadlessReporter, stderrSink } from "../cli/ui/headless.ts";
import { App } from "./App.tsx";
import { defaultStreams, mountInk, type TuiStreams } from "./ink.ts";
import { CONFLICT_CHOICES, CONFLICT_REASONS } from "./ConflictDialog.tsx";
import { NARROW_COLUMNS } from "./ProgressView.tsx";
import { type PromptState, ViewStore } from "./store.ts";

/** What `cli/frontend.ts` gets back: the `Frontend` shape with `kind: "tui"`. */
export interface TuiFrontend {
  kind: "tui";
  reporter: Reporter;
  prompter: Prompter;
  /** Unmounts the app (answering any open question with its safe answer) and waits for Ink. */
  close(): Promise<void>;
}

export interface TuiFrontendOptions {
  packFolder: string;
  env: Record<string, string | undefined>;
  /** Tests only: fake streams instead of stderr/stdin. */
  streams?: TuiStreams & { isTerminal?: boolean };
}

/**
 * The Ink front end: one app on stderr showing progress, messages and the questions core asks.
 * Progress falls back to plain lines when the terminal is narrower than 50 columns or `TERM=dumb`;
 * when stderr is not a terminal at all, reports go out as headless lines and Ink is mounted only
 * while a question is open.
 */
export function createTuiFrontend(opts: TuiFrontendOptions): Promise<TuiFrontend> {
  const streams = opts.streams ?? defaultStreams();
  const isTerminal = opts.streams ? opts.streams.isTerminal ?? true : Deno.stderr.isTerminal();
  const columns = (streams.stdout as { columns?: number }).columns ?? 80;
  const store = new ViewStore({ plain: opts.env.TERM === "dumb" || columns < NARROW_COLUMNS });
  let ink: Instance | null = null;
  let closed = false;

  const mount = () => {
    if (!ink && !closed) ink = mountInk(createElement(App, { store }), streams);
  };
  const unmount = async () => {
    const i = ink;
    ink = null;
    if (!i) return;
    // Draw the last state (e.g. the summary line) before the frame is frozen on screen.
    await i.waitUntilRenderFlush().catch(() => {});
    i.unmount();
    await i.waitUntilExit().catch(() => {});
  };

  /** Shows a question and settles once; without a terminal for reports, Ink lives only meanwhile. */
  function ask<T>(make: (answer: (v: T) => void, id: number) => PromptState, onClosed: T): Promise<T> {
    if (closed) return Promise.resolve(onClosed);
    return new Promise<T>((resolve) => {
      const id = store.id();
      const answer = (v: T) => {
        if (store.get().prompt?.id !== id) return;
        store.update(() => ({ prompt: null }));
        if (!isTerminal) unmount().then(() => resolve(v));
        else resolve(v);
      };
      mount();
      store.update(() => ({ prompt: make(answer, id) }));
    });
  }

  // A conflict is logged only if no dialog about it follows (a flag decided it): the dialog says it all.
  let unshownConflict: ConflictDescription | null = null;
  const show = () => {
    mount();
    if (unshownConflict) {
      store.log(
        `⚠ Conflict in "${unshownConflict.instanceLabel}": ${CONFLICT_REASONS[unshownConflict.reason]}`,
        "warn",
      );
      unshownConflict = null;
    }
  };
  const asked = <T>(p: Promise<T>) => {
    unshownConflict = null;
    return p;
  };

  const lines = isTerminal ? null : new HeadlessReporter(stderrSink());
  const reporter: Reporter = lines ?? {
    start(_op, message) {
      show();
      store.update(() => ({ title: message, event: undefined, summary: undefined }));
    },
    progress(event) {
      show();
      store.update(() => ({ event }));
    },
    finish(summary) {
      show();
      store.update(() => ({ summary }));
    },
    info(message) {
      show();
      store.log(message, "info");
    },
    warn(message) {
      show();
      store.log(`⚠ ${message}`, "warn");
    },
    conflict(d) {
      unshownConflict = d;
    },
  };

  const prompter: Prompter = {
    chooseConflict: async (description: ConflictDescription) => {
      const choice = await asked(
        ask<ConflictChoice>((answer, id) => ({ id, kind: "conflict", description, answer }), "cancel"),
      );
      // Leave a trace in the scrollback: the dialog itself disappears once answered.
      const label = CONFLICT_CHOICES.find((c) => c.value === choice)?.label ?? choice;
      if (!closed && isTerminal) store.log(`Conflict in "${description.instanceLabel}": ${label}`, "info");
      return choice;
    },
    confirmForkPush: (d: ConflictDescription) =>
      asked(ask<boolean>((answer, id) => ({
        id,
        kind: "confirm",
        question: `The cloud has a newer version of "${d.instanceLabel}" from ${d.cloud.machine} ` +
          `(${formatTime(d.cloud.time)}). Upload this computer's session anyway?`,
        detail: "Both versions stay in history; the other computer is asked to choose on its next pull.",
        yesLabel: "Upload anyway",
        noLabel: "Don't upload now (the files stay on this computer)",
        defaultYes: true,
        answer,
      }), false)),
    confirmPlayingElsewhere: async (p: PlayingElsewhere) => {
      const play = await asked(ask<boolean>((answer, id) => ({
        id,
        kind: "confirm",
        question: playingElsewhereText(p),
        detail: "Cancel, then close the game there: it uploads when it exits, and this computer gets it.",
        yesLabel: "Play anyway",
        noLabel: "Cancel launch",
        defaultYes: false,
        answer,
      }), false));
      return play ? "play" : "cancel";
    },
    confirm: (question: string, detail?: string) =>
      ask<boolean>((answer, id) => ({ id, kind: "confirm", question, detail, answer }), false),
    login: async (defaults) => {
      const c = await ask<Credentials | null>(
        (answer, id) => ({ id, kind: "login", url: defaults.url, userId: defaults.id, answer }),
        null,
      );
      if (!c) throw new UsageError("Login cancelled");
      return c;
    },
  };

  return Promise.resolve({
    kind: "tui",
    reporter,
    prompter,
    async close() {
      if (closed) return;
      const open = store.get().prompt;
      if (unshownConflict) show();
      closed = true;
      if (open) {
        // Settle the pending question with its safe answer so no caller waits forever.
        const safe = open.kind === "conflict" ? "cancel" : open.kind === "confirm" ? false : null;
        (open.answer as (v: unknown) => void)(safe);
      }
      await unmount();
    },
  });
}
