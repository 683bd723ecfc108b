import type { ConflictChoice, ConflictDescription, Credentials, ProgressEvent, Summary } from "../core/ui.ts";

/** A message printed once above the live area (Ink `<Static>`). */
export interface LogLine {
  id: number;
  text: string;
  tone: "info" | "warn";
}

/** The question on screen, with the function that settles the promise core is waiting on. */
export type PromptState =
  | { id: number; kind: "conflict"; description: ConflictDescription; answer: (c: ConflictChoice) => void }
  | {
    id: number;
    kind: "confirm";
    question: string;
    detail?: string;
    yesLabel?: string;
    noLabel?: string;
    defaultYes?: boolean;
    answer: (yes: boolean) => void;
  }
  | { id: number; kind: "login"; url?: string; userId?: string; answer: (c: Credentials | null) => void };

/** Everything the TUI app draws. Replaced, never mutated, so React sees each change. */
export interface ViewState {
  logs: LogLine[];
  title?: string;
  event?: ProgressEvent;
  summary?: Summary;
  prompt: PromptState | null;
  /** Draw progress as plain lines (narrow or dumb terminal). */
  plain: boolean;
}

/** A tiny external store for `useSyncExternalStore`: the reporter and prompter write, the app reads. */
export class ViewStore {
  #state: ViewState;
  #listeners = new Set<() => void>();
  #nextId = 1;

  constructor(initial: Partial<ViewState> = {}) {
    this.#state = { logs: [], prompt: null, plain: false, ...initial };
  }

  get = (): ViewState => this.#state;

  subscribe = (listener: () => void): () => void => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  update(change: (s: ViewState) => Partial<ViewState>): void {
    this.#state = { ...this.#state, ...change(this.#state) };
    for (const l of this.#listeners) l();
  }

  /** A fresh id for a log line or prompt (React keys). */
  id(): number {
    return this.#nextId++;
  }

  log(text: string, tone: LogLine["tone"]): void {
    const line = { id: this.id(), text, tone };
    this.update((s) => ({ logs: [...s.logs, line] }));
  }
}
