import { createElement } from "react";
import type { DirectoryEntry } from "../core/directory/directory.ts";
import { askOnce, type TuiStreams } from "./ink.ts";
import { type JoinAnswer, JoinStep } from "./JoinStep.tsx";

export type { JoinAnswer } from "./JoinStep.tsx";

export interface RunJoinStepOptions {
  load: () => Promise<DirectoryEntry[]>;
  preferLabel?: string;
  /** Tests only: fake streams instead of stderr/stdin. */
  streams?: TuiStreams;
}

/**
 * Runs `setup`'s join step (after `runSetupWizard` accepted the credentials) until the player
 * answers. Resolves with the answer, or null when cancelled; Ink is unmounted before it settles.
 */
export function runJoinStep(opts: RunJoinStepOptions): Promise<JoinAnswer | null> {
  return askOnce<JoinAnswer>(
    (settle) =>
      createElement(JoinStep, {
        load: opts.load,
        preferLabel: opts.preferLabel,
        onChoice: (a: JoinAnswer) => settle(a),
        onCancel: () => settle(null),
      }),
    opts.streams,
    // Cleared: an account with no instances answers while the spinner is still the last frame.
    { clear: true },
  );
}
