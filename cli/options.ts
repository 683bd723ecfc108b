import { InvalidArgumentError, Option } from "@commander-js/extra-typings";

/** Options shared by every command that works on one instance. */
export const packFolderOption = () =>
  new Option(
    "--pack-folder <path>",
    "the instance's .minecraft folder (default: $INST_MC_DIR, else the current folder)",
  );

export const jsonOption = () => new Option("--json", "write NDJSON events on stdout instead of human lines");
export const noGuiOption = () =>
  new Option("-g, --no-gui", "never open the terminal UI or a dialog window; decide as a headless run does");
export const tokenFileOption = () =>
  new Option(
    "--token-file <path>",
    "read the token (id:password) from this file instead of .cloud-sync/token",
  );
export const resticBinaryOption = () => new Option("--restic-binary <path>", "use this restic executable");
export const noDownloadOption = () =>
  new Option("--no-download", "never download restic; fail if none is found");
export const instanceLabelOption = () =>
  new Option(
    "--instance-label <name>",
    "name shown for this instance (default: $INST_NAME, $INST_ID, or the id)",
  );
export const onConflictOption = () =>
  new Option(
    "--on-conflict <policy>",
    "decide conflicts without asking (default: ask in a terminal, else abort)",
  )
    .choices(["abort", "keep-local", "use-cloud", "keep-both"] as const);
export const onPlayingElsewhereOption = () =>
  new Option(
    "--on-playing-elsewhere <policy>",
    "another computer plays and has not uploaded: ask (default; where nobody can answer, warn and play), " +
      "play (warn) or cancel the launch",
  )
    .choices(["ask", "play", "cancel"] as const);
export const allowMassDeleteOption = () =>
  new Option(
    "--allow-mass-delete",
    "proceed even when more than half of the synced files (or every world) would go",
  );
export const offlineOption = () =>
  new Option("--offline <policy>", "when the server cannot be reached: allow (play offline) or abort")
    .choices(["allow", "abort"] as const).default("allow" as const);
/** A positive number of seconds; anything else is a usage error (exit 2) naming the flag. */
function positiveSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

export const stallTimeoutOption = () =>
  new Option(
    "--stall-timeout <seconds>",
    "stop restic after this long without upload/download progress (default 60)",
  )
    .argParser(positiveSeconds);

export const dialogTimeoutOption = () =>
  new Option(
    "--dialog-timeout <seconds>",
    "without a terminal, how long a decision window waits for the player (default 900)",
  )
    .argParser(positiveSeconds);

export const dialogOption = () =>
  new Option(
    "--dialog <where>",
    "without a terminal, where a decision is asked: window (a terminal window, else the browser), " +
      "browser, or none (default: $INSTANCE_SYNC_DIALOG, else window)",
  )
    .choices(["window", "browser", "none"] as const);

export const worldOption = (what: string) => new Option("--world <name>", what);

/** The options every sync command (pull, push, status, history, resolve, restore) accepts. */
export interface SyncFlags {
  packFolder?: string;
  json?: true;
  gui?: boolean;
  tokenFile?: string;
  resticBinary?: string;
  download?: boolean;
  instanceLabel?: string;
  stallTimeout?: number;
}
