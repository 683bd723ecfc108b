import { createElement } from "react";
import type { Credentials } from "../core/ui.ts";
import { askOnce, type TuiStreams } from "./ink.ts";
import { type CheckResult, SetupWizard } from "./SetupWizard.tsx";

export type { CheckResult } from "./SetupWizard.tsx";
export { DEFAULT_URL } from "./SetupWizard.tsx";

export interface RunSetupWizardOptions {
  /** Prefilled server url; `DEFAULT_URL` when absent. */
  url?: string;
  /** Prefilled Discord id. */
  id?: string;
  /** Tries the credentials against the server (see `CheckResult`). */
  check: (credentials: Credentials) => Promise<CheckResult>;
  /** Tests only: fake streams instead of stderr/stdin. */
  streams?: TuiStreams;
  /** Erase the wizard once answered (inside the home screen, whose list is drawn again below). */
  clear?: boolean;
}

/**
 * Runs the setup wizard on stderr until the player finishes or cancels. Resolves with credentials
 * that passed `check`, or null when cancelled (Escape on the first step, Ctrl+C, "Cancel setup").
 * The app is unmounted, and the terminal out of raw mode, before the promise settles.
 *
 * @example
 * const creds = await runSetupWizard({ check: (c) => probeServer(c) });
 * if (!creds) return; // cancelled: write nothing
 */
export function runSetupWizard(opts: RunSetupWizardOptions): Promise<Credentials | null> {
  return askOnce<Credentials>(
    (settle) =>
      createElement(SetupWizard, {
        url: opts.url,
        id: opts.id,
        check: opts.check,
        onComplete: (c: Credentials) => settle(c),
        onCancel: () => settle(null),
      }),
    opts.streams,
    { clear: opts.clear },
  );
}
