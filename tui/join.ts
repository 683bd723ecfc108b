import { createElement } from "react";
import type { DirectoryEntry } from "../core/directory/directory.ts";
import { defaultStreams, mountInk, type TuiStreams } from "./ink.ts";
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
export async function runJoinStep(opts: RunJoinStepOptions): Promise<JoinAnswer | null> {
  let result: JoinAnswer | null = null;
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  let settled = false;
  const settle = (answer: JoinAnswer | null) => {
    if (settled) return;
    settled = true;
    result = answer;
    finish();
  };
  const ink = mountInk(
    createElement(JoinStep, {
      load: opts.load,
      preferLabel: opts.preferLabel,
      onChoice: (a: JoinAnswer) => settle(a),
      onCancel: () => settle(null),
    }),
    opts.streams ?? defaultStreams(),
  );
  try {
    await done;
  } finally {
    ink.unmount();
    await ink.waitUntilExit().catch(() => {});
  }
  return result;
}
