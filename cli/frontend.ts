import { instancePaths } from "../core/config/paths.ts";
import type { Prompter, Reporter } from "../core/ui.ts";
import type { CliContext } from "./context.ts";
import { HeadlessReporter, stderrSink } from "./ui/headless.ts";
import { HeadlessPrompter } from "./ui/headlessPrompter.ts";
import { JsonReporter } from "./ui/json.ts";

/** A reporter/prompter pair and how to tear it down. */
export interface Frontend {
  /**
   * "window": headless lines, and questions in a terminal window of their own (cli/window/), else in
   * the browser; "browser": questions on a local web page only (cli/browser/).
   */
  kind: "headless" | "json" | "tui" | "window" | "browser";
  reporter: Reporter;
  prompter: Prompter;
  close(): Promise<void> | void;
}

/** For `pull`/`push` only: no flag decided the questions, so a hook may ask in a window. */
export interface WindowRequest {
  timeoutSeconds: number;
  /** `--dialog`: a terminal window (falling back to the browser), or the browser page only. */
  dialog: "window" | "browser";
  signal?: AbortSignal;
}

/**
 * Picks the front end: `--json` → NDJSON on stdout; a terminal on stdin (and no `-g`) → the Ink UI,
 * imported only here and only then; otherwise headless lines on stderr (launcher hooks), asking in a
 * terminal window of its own when `window` is given and `-g` is not (docs/dialogs.md).
 */
export async function pickFrontend(
  flags: { json?: boolean; gui?: boolean },
  ctx: CliContext,
  packFolder: string,
  window?: WindowRequest,
): Promise<Frontend> {
  if (flags.json) {
    const reporter = new JsonReporter(ctx.out);
    ctx.onError = (e) =>
      reporter.emit({
        type: "error",
        message: e.message,
        exitCode: (e as { exitCode?: number }).exitCode ?? 1,
      });
    // Nobody answers a --json run: another computer's play is an event, then core's warning, then play.
    const prompter = new HeadlessPrompter(
      packFolder,
      (p) => reporter.emit({ type: "playing-elsewhere", ...p }),
    );
    return { kind: "json", reporter, prompter, close() {} };
  }
  if (flags.gui !== false && ctx.stdinIsTerminal && !ctx.env.INSTANCE_SYNC_NO_TUI) {
    const tui = await import("../tui/frontend.ts");
    return await tui.createTuiFrontend({
      packFolder,
      env: ctx.env,
      plainLines: new HeadlessReporter(stderrSink()),
    });
  }
  if (window && flags.gui !== false) {
    const reporter = new HeadlessReporter(ctx.err, false, !!ctx.env.INSTANCE_SYNC_DEBUG);
    const asked = {
      packFolder,
      env: ctx.env,
      os: Deno.build.os,
      timeoutSeconds: window.timeoutSeconds,
      err: ctx.err,
      signal: window.signal,
    };
    if (window.dialog === "browser") {
      const { BrowserPrompter } = await import("./browser/prompter.ts");
      return { kind: "browser", reporter, prompter: new BrowserPrompter(asked), close() {} };
    }
    const { WindowPrompter } = await import("./window/prompter.ts");
    const configDir = instancePaths(packFolder).configDir;
    return {
      kind: "window",
      reporter,
      prompter: new WindowPrompter({ ...asked, configDir, fallbackToBrowser: true }),
      close() {},
    };
  }
  return headlessFrontend(ctx, packFolder, !!ctx.env.INSTANCE_SYNC_DEBUG);
}

/** Plain lines on stderr and no questions (read-only commands, and hooks nobody can answer). */
export function headlessFrontend(ctx: CliContext, packFolder: string, debug = false): Frontend {
  return {
    kind: "headless",
    reporter: new HeadlessReporter(ctx.err, false, debug),
    prompter: new HeadlessPrompter(packFolder),
    close() {},
  };
}
