import { packFolderOfArgs, sandboxUserEnv } from "../core/config/sandboxDirs.ts";
import type { CliContext } from "./context.ts";
import { disableChalkColors, useColor } from "./ui/color.ts";
import { stderrSink, stdoutSink } from "./ui/headless.ts";

/**
 * The real process's context (environment, working folder, terminals, output streams), with the color
 * decision made: the full CLI (cli/run.ts) and the quick lane (cli/lane.ts) start the same way.
 */
export function processContext(args: string[]): CliContext {
  const env = Deno.env.toObject();
  const cwd = Deno.cwd();
  const ctx: CliContext = {
    // An instance of a Flatpak launcher keeps its identity and caches where its sandboxed hook does.
    env: sandboxUserEnv(env, packFolderOfArgs(args, env, cwd)),
    cwd,
    stdinIsTerminal: Deno.stdin.isTerminal(),
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    err: stderrSink(),
    out: stdoutSink(),
    exitCode: 0,
  };
  if (!useColor(ctx.env, Deno.stderr.isTerminal(), args.includes("--no-color") ? false : undefined)) {
    disableChalkColors(Deno.env); // before Ink loads: chalk fixes its color level at import
  }
  return ctx;
}
