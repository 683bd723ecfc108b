import type { Prompter, Reporter } from "../core/ui.ts";
import type { CliContext } from "./program.ts";
import { HeadlessReporter } from "./ui/headless.ts";
import { HeadlessPrompter } from "./ui/headlessPrompter.ts";
import { JsonReporter } from "./ui/json.ts";

/** A reporter/prompter pair and how to tear it down. */
export interface Frontend {
  kind: "headless" | "json" | "tui";
  reporter: Reporter;
  prompter: Prompter;
  close(): Promise<void> | void;
}

/**
 * Picks the front end: `--json` → NDJSON on stdout; a terminal on stdin (and no `-g`) → the Ink UI,
 * imported only here and only then; otherwise headless lines on stderr (launcher hooks).
 */
export async function pickFrontend(
  flags: { json?: boolean; gui?: boolean },
  ctx: CliContext,
  packFolder: string,
): Promise<Frontend> {
  if (flags.json) {
    const reporter = new JsonReporter(ctx.out);
    ctx.onError = (e) =>
      reporter.emit({
        type: "error",
        message: e.message,
        exitCode: (e as { exitCode?: number }).exitCode ?? 1,
      });
    return { kind: "json", reporter, prompter: new HeadlessPrompter(packFolder), close() {} };
  }
  if (flags.gui !== false && ctx.stdinIsTerminal && !ctx.env.INSTANCE_SYNC_NO_TUI) {
    const tui = await import("../tui/frontend.ts");
    return await tui.createTuiFrontend({ packFolder, env: ctx.env });
  }
  return {
    kind: "headless",
    reporter: new HeadlessReporter(ctx.err, false, !!ctx.env.INSTANCE_SYNC_DEBUG),
    prompter: new HeadlessPrompter(packFolder),
    close() {},
  };
}
