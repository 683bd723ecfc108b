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
import { formatTime } from "../core/format.ts";
import { printable, printableDeep, printableLines } from "../core/printable.ts";
import { App } from "./App.tsx";
import { defaultStreams, mountInk, type TuiStreams } from "./ink.ts";
import { CONFLICT_CHOICES, CONFLICT_REASONS } from "./ConflictDialog.tsx";
import { NARROW_COLUMNS } from "./ProgressView.tsx";
import { type PromptState, ViewStore } from "./store.ts";
import { glyphs, localeIsUtf8, setAsciiGlyphs } from "./glyphs.ts";

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
  /** ASCII symbols only (the dialog window, whose font may lack arrows); default: from the locale. */
  ascii?: boolean;
  /**
   * Where reports go when stderr is not a terminal (the command line's headless lines); without it
   * Ink draws them there anyway (the dialog window's own terminal never needs it).
   */
  plainLines?: Reporter;
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
  setAsciiGlyphs(opts.ascii ?? !localeIsUtf8(opts.env, Deno.build.os));
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
        `${glyphs().warn} Conflict in "${unshownConflict.instanceLabel}": ${
          CONFLICT_REASONS[unshownConflict.reason]
        }`,
        "warn",
      );
      unshownConflict = null;
    }
  };
  const asked = <T>(p: Promise<T>) => {
    unshownConflict = null;
    return p;
  };

  const lines = isTerminal ? null : opts.plainLines ?? null;
  const reporter: Reporter = lines ?? {
    start(_op, message) {
      show();
      store.update(() => ({ title: printable(message), event: undefined, summary: undefined }));
    },
    progress(event) {
      show();
      store.update(() => ({ event: printableDeep(event) }));
    },
    finish(summary) {
      show();
      store.update(() => ({ summary: { ...summary, message: printable(summary.message) } }));
    },
    info(message) {
      show();
      store.log(printable(message), "info");
    },
    warn(message) {
      show();
      store.log(`${glyphs().warn} ${printable(message)}`, "warn");
    },
    conflict(d) {
      unshownConflict = printableDeep(d);
    },
  };

  const prompter: Prompter = {
    chooseConflict: async (raw: ConflictDescription) => {
      // Every name from another computer is shown printable; world folders stay exact (an answer
      // names them) and the screens print them through `printable` themselves.
      const description = printableDeep(raw);
      const choice = await asked(
        ask<ConflictChoice>((answer, id) => ({ id, kind: "conflict", description, answer }), "cancel"),
      );
      // Leave a trace in the scrollback: the dialog itself disappears once answered.
      const label = CONFLICT_CHOICES.find((c) => c.value === choice)?.label ?? choice;
      if (!closed && isTerminal) store.log(`Conflict in "${description.instanceLabel}": ${label}`, "info");
      return choice;
    },
    confirmForkPush: (raw: ConflictDescription) => {
      const d = printableDeep(raw);
      return asked(ask<boolean>((answer, id) => ({
        id,
        kind: "confirm",
        question: `The cloud has a newer version of "${d.instanceLabel}" from ${d.cloud.machine} ` +
          `(${formatTime(d.cloud.time)}). Upload this computer's session anyway?`,
        detail: "Both versions stay in history; the other computer is asked to choose on its next pull.",
        yesLabel: "Upload anyway",
        noLabel: "Don't upload now (the files stay on this computer)",
        defaultYes: true,
        answer,
      }), false));
    },
    confirmPlayingElsewhere: async (raw: PlayingElsewhere) => {
      const play = await asked(ask<boolean>((answer, id) => ({
        id,
        kind: "confirm",
        question: playingElsewhereText(printableDeep(raw)),
        detail: "Cancel, then close the game there: it uploads when it exits, and this computer gets it.",
        yesLabel: "Play anyway",
        noLabel: "Cancel launch",
        defaultYes: false,
        answer,
      }), false));
      return play ? "play" : "cancel";
    },
    confirm: (question: string, detail?: string) =>
      ask<boolean>((answer, id) => ({
        id,
        kind: "confirm",
        question: printableLines(question),
        detail: detail === undefined ? undefined : printableLines(detail),
        answer,
      }), false),
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
