import { createElement } from "react";
import type { DiscoveredInstance } from "../../core/launchers/types.ts";
import { askOnce, type TuiStreams } from "../ink.ts";
import type { HomePick } from "./actions.ts";
import { HomeScreen } from "./HomeScreen.tsx";

export type { HomeAction, HomePick } from "./actions.ts";

export interface PickOnHomeOptions {
  instances: DiscoveredInstance[];
  message?: string[];
  initial?: number;
  /** Tests only: fake streams instead of stderr/stdin. */
  streams?: TuiStreams;
}

/**
 * Shows the home screen until the player picks an action on an instance (or quits: null). The screen
 * is cleared and unmounted before the promise settles, so what the action draws next starts clean.
 */
export function pickOnHome(opts: PickOnHomeOptions): Promise<HomePick | null> {
  return askOnce<HomePick>(
    (settle) =>
      createElement(HomeScreen, {
        instances: opts.instances,
        message: opts.message,
        initial: opts.initial,
        onPick: (p: HomePick) => settle(p),
        onQuit: () => settle(null),
      }),
    opts.streams,
    { clear: true },
  );
}
