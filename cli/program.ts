import { Argument, Command, Option, type OptionValues } from "@commander-js/extra-typings";
import { EXIT_CODE_HELP } from "./exitCodes.ts";
import {
  allowMassDeleteOption,
  instanceLabelOption,
  jsonOption,
  noDownloadOption,
  noGuiOption,
  offlineOption,
  onConflictOption,
  packFolderOption,
  resticBinaryOption,
  stallTimeoutOption,
  tokenFileOption,
} from "./options.ts";
import { VERSION } from "./version.ts";

/** Process-level things a command needs; passed in so tests can run commands in-process. */
export interface CliContext {
  env: Record<string, string | undefined>;
  cwd: string;
  stdinIsTerminal: boolean;
  stdoutIsTerminal: boolean;
  /** Human lines (stderr). */
  err: (line: string) => void;
  /** Results and NDJSON (stdout). */
  out: (line: string) => void;
  /** Set by a command to the exit code it wants (default 0). */
  exitCode: number;
  /** Called with the error that ends the run (the `--json` front end turns it into an event). */
  onError?: (error: Error) => void;
}

/** The options of every command that works on one synced instance. */
function withInstanceOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(
  command: Command<Args, Opts, Globals>,
) {
  return command
    .addOption(packFolderOption())
    .addOption(tokenFileOption())
    .addOption(resticBinaryOption())
    .addOption(noDownloadOption())
    .addOption(instanceLabelOption())
    .addOption(jsonOption());
}

/** Builds the command surface. Command modules are imported in actions, so `--help` stays light. */
export function buildProgram(ctx: CliContext) {
  const program = new Command()
    .name("instance-sync")
    .description(
      "Sync a Minecraft instance's worlds and settings between your computers through restic snapshots.",
    )
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .option("--no-color", "print no colors (NO_COLOR=1 does the same)")
    .addHelpText("after", EXIT_CODE_HELP)
    // Set before commands are added: subcommands inherit these settings only at creation.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s.replace(/\n$/, "")),
      writeErr: (s) => ctx.err(s.replace(/\n$/, "")),
      outputError: (s, write) => write(`instance-sync: ${s.replace(/^error: /, "")}`),
    });

  program.command("init")
    .description("opt this instance in: mint an instance id and write .cloud-sync/sync.json and token")
    .option(
      "--url <url>",
      "where the repositories live: https://host[/path] (a rest-server), a folder, or a restic location " +
        "(sftp:, s3:, b2:, azure:, gs:, swift:, rclone:, rest:); default: a local folder",
    )
    .option("--instance-id <ulid>", "join an instance set up on another computer (its id is in `status`)")
    .option(
      "--token <id:password>",
      "credentials (prefer --token-file or stdin: argv is visible to other users)",
    )
    .addOption(tokenFileOption())
    .addOption(packFolderOption())
    .action(async (opts) => (await import("./commands/init.ts")).runInit(opts, ctx));

  program.command("setup")
    .description(
      "opt this instance in interactively: server, Discord id and password, checked before writing",
    )
    .option("--url <url>", "server url to prefill (default https://cloud.tm.center)")
    .addOption(packFolderOption())
    .addOption(noGuiOption())
    .action(async (opts) => (await import("./commands/setup.ts")).runSetup(opts, ctx));

  program.command("disable")
    .description("pause sync: rename sync.json to sync.json.disabled (id and url are kept)")
    .addOption(packFolderOption())
    .action(async (opts) => (await import("./commands/toggle.ts")).runDisable(opts, ctx));

  program.command("enable")
    .description("resume sync: rename sync.json.disabled back (refuses over an active sync.json)")
    .addOption(packFolderOption())
    .action(async (opts) => (await import("./commands/toggle.ts")).runEnable(opts, ctx));

  for (const name of ["pull", "push"] as const) {
    withInstanceOptions(program.command(name))
      .description(
        name === "pull"
          ? "before launch: bring this instance up to date with the cloud (launcher pre-launch hook)"
          : "after exit: upload this instance's changes as a new snapshot (launcher post-exit hook)",
      )
      .addOption(noGuiOption())
      .addOption(onConflictOption())
      .addOption(offlineOption())
      .addOption(allowMassDeleteOption())
      .addOption(stallTimeoutOption())
      .action(async (opts) => (await import("./commands/sync.ts")).runSync(name, opts, ctx));
  }

  for (const name of ["status", "history"] as const) {
    withInstanceOptions(program.command(name))
      .description(
        name === "status"
          ? "show whether this instance syncs, its base snapshot, local changes and the cloud head"
          : "list this instance's snapshots, newest first, with machine, parent and forks",
      )
      .action(async (opts) => (await import("./commands/info.ts")).runInfo(name, opts, ctx));
  }

  withInstanceOptions(program.command("resolve"))
    .description("settle a conflict that stopped a launch: choose in the terminal UI (or with --choice)")
    .addOption(noGuiOption())
    .addOption(allowMassDeleteOption())
    .addOption(
      new Option("--choice <choice>", "decide without asking").choices(
        ["use-cloud", "keep-local", "keep-both"] as const,
      ),
    )
    .action(async (opts) => (await import("./commands/resolve.ts")).runResolve(opts, ctx));

  withInstanceOptions(program.command("restore"))
    .description("roll back to an earlier snapshot from `history` (the current files are saved first)")
    .argument("<snapshot>", "snapshot id or unique prefix, as shown by `history`")
    .addOption(noGuiOption())
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (snapshot, opts) =>
      (await import("./commands/resolve.ts")).runRestore(snapshot, opts, ctx)
    );

  program.command("completions")
    .description("print a shell completion script: bash, zsh or fish")
    .addArgument(
      new Argument("<shell>", "the shell to complete for").choices(["bash", "zsh", "fish"] as const),
    )
    .action(async (shell) =>
      (await import("./commands/completions.ts")).runCompletions(shell, program, ctx.out)
    );

  return program;
}
