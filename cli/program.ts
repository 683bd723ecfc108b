import type { CliContext } from "./context.ts";
import { Argument, Command, Option, type OptionValues } from "@commander-js/extra-typings";
import { EXIT_CODE_HELP } from "./exitCodes.ts";
import {
  allowMassDeleteOption,
  dialogOption,
  dialogTimeoutOption,
  instanceLabelOption,
  jsonOption,
  noDownloadOption,
  noGuiOption,
  offlineOption,
  onConflictOption,
  onPlayingElsewhereOption,
  packFolderOption,
  resticBinaryOption,
  stallTimeoutOption,
  tokenFileOption,
  worldOption,
} from "./options.ts";
import { VERSION } from "./version.ts";

export type { CliContext } from "./context.ts";

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
      "Sync a Minecraft instance's worlds and settings between your computers through restic snapshots.\n" +
        "Run with no command in a terminal to see your launchers' instances, set one up and wire its hooks.",
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
    .option(
      "--join <label|id>",
      "join an instance set up on another computer, by its label, id or a unique id prefix (see `instances`)",
    )
    .option("--instance-id <ulid>", "join an instance set up on another computer by its exact id")
    .option(
      "--token <id:password>",
      "credentials (prefer --token-file or stdin: argv is visible to other users)",
    )
    .addOption(tokenFileOption())
    .addOption(packFolderOption())
    .addOption(instanceLabelOption())
    .addOption(resticBinaryOption())
    .action(async (opts) => (await import("./commands/init.ts")).runInit(opts, ctx));

  program.command("instances")
    .description("list the account's instances (label, id, which computer set it up, when), to join one")
    .option("--url <url>", "rest-server url or repository folder (default: the local folder `init` uses)")
    .option(
      "--token <id:password>",
      "credentials (prefer --token-file or stdin: argv is visible to other users)",
    )
    .addOption(tokenFileOption())
    .addOption(resticBinaryOption())
    .option("--json", "print one JSON array of the instances on stdout")
    .action(async (opts) => (await import("./commands/instances.ts")).runInstances(opts, ctx));

  program.command("setup")
    .description(
      "opt this instance in interactively: server, Discord id and password, checked before writing",
    )
    .option("--url <url>", "server url to prefill (default https://cloud.tm.center)")
    .addOption(packFolderOption())
    .addOption(instanceLabelOption())
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
      // Accepted (hidden) by push too, so one set of hook flags serves both hooks; only pull asks.
      .addOption(name === "pull" ? onPlayingElsewhereOption() : onPlayingElsewhereOption().hideHelp())
      .addOption(allowMassDeleteOption())
      .addOption(stallTimeoutOption())
      .addOption(dialogTimeoutOption())
      .addOption(dialogOption())
      .action(async (opts) => (await import("./commands/sync.ts")).runSync(name, opts, ctx));
  }

  withInstanceOptions(program.command("status"))
    .description("show whether this instance syncs, its base snapshot, local changes and the cloud head")
    .action(async (opts) => (await import("./commands/info.ts")).runInfo("status", opts, ctx));

  for (const name of ["history", "browse"] as const) {
    withInstanceOptions(program.command(name))
      .description(
        name === "history"
          ? "list this instance's snapshots (or one world's, with --world), newest first; " +
            "in a terminal, browse worlds and bring one back"
          : "browse the worlds' history in the terminal and bring a world back (in place or as a copy)",
      )
      .addOption(noGuiOption())
      .addOption(worldOption("list the snapshots that added, changed or removed this world"))
      .action(async (opts) =>
        (await import("./commands/history.ts")).runHistory(opts, ctx, name === "browse")
      );
  }

  program.command("doctor")
    .description("check what would stop a launch from syncing, per instance, and say how to fix it")
    .addOption(packFolderOption())
    .option("--all", "examine every instance found, not only those that sync")
    .option("--json", "print one JSON object ({ ok, instances }) on stdout")
    .action(async (opts) => (await import("./commands/doctor.ts")).runDoctor(opts, ctx));

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
    .description(
      "roll back to an earlier snapshot from `history` (the current files are saved first); " +
        "with --world, bring back only that world, in place or --as-copy",
    )
    .argument("<snapshot>", "snapshot id or unique prefix, as shown by `history`")
    .addOption(noGuiOption())
    .option("-y, --yes", "do not ask for confirmation")
    .addOption(worldOption("restore only this world's folder (by folder or in-game name)"))
    .option("--as-copy", 'with --world: restore beside the current world as "<World> (<date>)"')
    .action(async (snapshot, opts) =>
      (await import("./commands/resolve.ts")).runRestore(snapshot, opts, ctx)
    );

  program.command("hooks")
    .description(
      "wire instance-sync into the launcher's pre-launch and post-exit commands (install), or unwire it (remove)",
    )
    .addArgument(new Argument("<action>", "install or remove").choices(["install", "remove"] as const))
    .addOption(
      new Option("--launcher <name>", "only this launcher").choices(
        ["prism", "multimc", "atlauncher", "modrinth"] as const,
      ),
    )
    .option("--launcher-dir <path>", "the launcher's data folder (default: the usual places)")
    .option("--instance <name>", "one instance, by its name or folder")
    .option("--all", "every instance of the launcher")
    .option("--global", "the launcher-wide commands (instances with their own commands keep theirs)")
    .option("--binary <path>", "the instance-sync executable the commands name (default: this one)")
    .option("--keep-existing", "keep a command of someone else's running first instead of refusing")
    .option("--dry-run", "print the change and write nothing")
    .option("--json", "print one JSON object describing the change on stdout")
    .action(async (action, opts) => (await import("./commands/hooks.ts")).runHooks(action, opts, ctx));

  // What `hooks install --keep-existing` writes for launchers without a shell; not for people.
  program.command("chain", { hidden: true })
    .argument("<command>", "the player's own command, run first")
    .argument("<args...>", "instance-sync's pull or push with its flags")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (command, args) => (await import("./commands/chain.ts")).runChain(command, args, ctx));

  program.command("restic")
    .description(
      "run restic on this instance's repository (`instance-sync restic -- snapshots`): the repository " +
        "and its password go in restic's environment, never on the command line; restic's exit code is passed through",
    )
    .argument("[args...]", "restic's arguments, after --")
    .addOption(packFolderOption())
    .addOption(tokenFileOption())
    .addOption(resticBinaryOption())
    .addOption(noDownloadOption())
    .action(async (args, opts) => (await import("./commands/restic.ts")).runResticCommand(args, opts, ctx));

  // What runs inside the terminal window a hook opens for a decision (cli/window/); not for people.
  program.command("dialog", { hidden: true })
    .argument("<question-file>", "the question a waiting hook wrote into .cloud-sync/")
    .action(async (file) => (await import("./commands/dialog.ts")).runDialog(file, ctx));

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
