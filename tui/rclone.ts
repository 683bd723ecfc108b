import { createElement } from "react";
import { askOnce, type TuiStreams } from "./ink.ts";
import { type LocationAnswer, RcloneStep } from "./RcloneStep.tsx";

export type { LocationAnswer } from "./RcloneStep.tsx";

export interface RunLocationStepOptions {
  listRemotes: () => Promise<string[] | null>;
  checkFolder: (remote: string, folder: string) => Promise<string | null>;
  /** Tests only: fake streams instead of stderr/stdin. */
  streams?: TuiStreams;
}

/**
 * Runs `setup`'s first question (a server, or a cloud drive through rclone) until the player answers.
 * Resolves with the answer, or null when cancelled; Ink is unmounted before it settles.
 */
export function runLocationStep(opts: RunLocationStepOptions): Promise<LocationAnswer | null> {
  return askOnce<LocationAnswer>(
    (settle) =>
      createElement(RcloneStep, {
        listRemotes: opts.listRemotes,
        checkFolder: opts.checkFolder,
        onComplete: (a: LocationAnswer) => settle(a),
        onCancel: () => settle(null),
      }),
    opts.streams,
  );
}
