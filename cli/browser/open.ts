import type { WindowOutcome } from "../window/open.ts";
import { type UrlOpener, urlOpeners } from "./opener.ts";
import type { BrowserAnswer, BrowserQuestion } from "./question.ts";
import { type DialogServer, startDialogServer } from "./server.ts";

/** How a browser page ended: the window's outcomes, with the page's wider answers. */
export type BrowserOutcome =
  | Exclude<WindowOutcome, { kind: "answer" }>
  | { kind: "answer"; answer: BrowserAnswer };

export interface BrowserOpenOptions {
  packFolder: string;
  env: Record<string, string | undefined>;
  os: typeof Deno.build.os;
  timeoutMs: number;
  /** Called once the browser was asked to open the page, with the opener's name and the address. */
  onOpen: (opener: string, url: string) => void;
  signal?: AbortSignal;
  /** How long the page may lose its event stream before the tab counts as closed (default 5 s). */
  closedGraceMs?: number;
}

const POLL_MS = 150;
/** An opener still running after this long is a browser in the foreground: it started. */
const STARTED_AFTER_MS = 3000;

/**
 * Serves the question on 127.0.0.1, opens it in the desktop's browser and waits for the answer, the
 * timeout, the tab closing (its event stream gone for `closedGraceMs`) or an interrupt. The server stops
 * before this returns, whatever the outcome.
 */
export async function openDialogBrowser(
  question: BrowserQuestion,
  o: BrowserOpenOptions,
): Promise<BrowserOutcome> {
  const closedGraceMs = o.closedGraceMs ?? 5000;
  const server = await startDialogServer({ question, packFolder: o.packFolder });
  try {
    const deadline = Date.now() + o.timeoutMs;
    const failures: string[] = [];
    let opened = false;
    for (const opener of urlOpeners(server.url, o.os, o.env)) {
      const failure = await launch(opener, server, o.env);
      if (failure === null) {
        o.onOpen(opener.name, server.url);
        opened = true;
        break;
      }
      failures.push(`${opener.name}: ${failure}`);
    }
    if (!opened) {
      return { kind: "unavailable", why: `the browser could not be opened (${failures.join("; ")})` };
    }

    let answer: BrowserAnswer | undefined;
    server.answer.then((a) => answer = a);
    while (true) {
      if (answer !== undefined) return { kind: "answer", answer };
      if (o.signal?.aborted) return { kind: "interrupted" };
      if (Date.now() >= deadline) return { kind: "timeout" };
      const p = server.presence();
      if (p.ever && p.open === 0 && Date.now() - p.noneSince >= closedGraceMs) return { kind: "closed" };
      await sleep(POLL_MS);
    }
  } finally {
    await server.close();
  }
}

/**
 * Runs one opener: null once it has handed the page over (it exited 0, the page connected, or it still
 * runs as a browser would), else why it failed. Its output is not kept: a browser it starts inherits
 * those pipes and would hold this process open.
 */
async function launch(
  opener: UrlOpener,
  server: DialogServer,
  env: Record<string, string | undefined>,
): Promise<string | null> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(opener.cmd, {
      args: opener.args,
      windowsRawArguments: opener.windowsRawArguments,
      env: Object.fromEntries(
        Object.entries(env).filter((kv): kv is [string, string] => kv[1] !== undefined),
      ),
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? "not found" : (e as Error).message;
  }
  let status: Deno.CommandStatus | null = null;
  child.status.then((s) => status = s);
  const startedBy = Date.now() + STARTED_AFTER_MS;
  while (status === null && !server.presence().ever && Date.now() < startedBy) await sleep(50);
  if (status === null) {
    child.unref(); // a browser in the foreground outlives the hook
    return null;
  }
  const s = status as Deno.CommandStatus;
  return s.success || server.presence().ever ? null : `exited with code ${s.code}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
