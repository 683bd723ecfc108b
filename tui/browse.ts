import { createElement } from "react";
import type { BrowserData } from "../core/sync/worldHistory.ts";
import { type BrowserPick, HistoryBrowser } from "./HistoryBrowser.tsx";
import { mountInk, type TuiStreams } from "./ink.ts";

export type { BrowserPick };

/** Shows the history browser until the player picks a version to bring back (or leaves: null). */
export async function browseWorlds(data: BrowserData, streams?: TuiStreams): Promise<BrowserPick | null> {
  let settle!: (pick: BrowserPick | null) => void;
  const picked = new Promise<BrowserPick | null>((r) => (settle = r));
  const ink = mountInk(createElement(HistoryBrowser, { ...data, onDone: (p) => settle(p) }), streams);
  try {
    return await picked;
  } finally {
    await ink.waitUntilRenderFlush().catch(() => {});
    ink.clear();
    ink.unmount();
    await ink.waitUntilExit().catch(() => {});
  }
}
