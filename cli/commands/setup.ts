import { DEFAULT_SERVER_URL } from "../../core/config/defaults.ts";
import { assertCanInit, initConfig, validateUrl } from "../../core/config/lifecycle.ts";
import { instancePaths, resolvePackFolder } from "../../core/config/paths.ts";
import { AuthError, InterruptedError, UsageError } from "../../core/errors.ts";
import { redact } from "../../core/redact.ts";
import type { CliContext } from "../context.ts";
import { tokenFromFlags } from "./init.ts";
import type { Token } from "../../core/config/token.ts";
import type { DirectoryEntry } from "../../core/directory/directory.ts";
import { markListed } from "../../core/directory/open.ts";
import { keepTokenOutOfExports } from "./packIgnore.ts";

/**
 * The wizard's join step: the account's instances (the one labelled `$INST_NAME` preselected) or a
 * new instance. Null means "new"; cancelling stops setup with nothing written.
 */
async function askJoin(url: string, token: Token, ctx: CliContext, label?: string) {
  const { openDirectory } = await import("../../core/directory/open.ts");
  const { runJoinStep } = await import("../../tui/join.ts");
  const answer = await runJoinStep({
    // No onInfo: a line on stderr would tear the Ink frame; a restic download shows as the spinner.
    load: async () => await (await openDirectory({ url, token, env: ctx.env })).list(),
    preferLabel: label,
  });
  if (!answer) throw new InterruptedError("Setup cancelled; nothing was written");
  return answer.kind === "join" ? answer.entry : null;
}

/**
 * The instance's name at setup: `--instance-label`, `$INST_NAME`, else (in a terminal) the name of the
 * launcher instance whose game folder this is. It preselects the account's instance of that name in
 * the join step (or "new" when none has it) and is remembered in sync.json.
 */
export async function setupLabel(
  flags: { instanceLabel?: string },
  ctx: CliContext,
  packFolder: string,
  interactive: boolean,
): Promise<string | undefined> {
  const given = flags.instanceLabel ?? ctx.env.INST_NAME;
  if (given !== undefined || !interactive) return given;
  const { instanceOf } = await import("../home/offer.ts");
  return (await instanceOf(packFolder, ctx))?.name;
}

/**
 * The wizard's first question (tui/RcloneStep.tsx): a server (null: the usual steps follow) or a folder on
 * one of the player's rclone remotes, with the password that encrypts it. Cancelling stops setup.
 */
async function askCloudDrive(ctx: CliContext): Promise<{ url: string; password: string } | null> {
  const [{ runLocationStep }, rclone] = await Promise.all([
    import("../../tui/rclone.ts"),
    import("../../core/config/rclone.ts"),
  ]);
  const env = Object.fromEntries(Object.entries(ctx.env).filter((e): e is [string, string] => !!e[1]));
  const answer = await runLocationStep({
    listRemotes: () => rclone.listRcloneRemotes({ env }),
    checkFolder: (remote, folder) => rclone.rcloneFolderProblem(remote, folder, { env }),
  });
  if (!answer) throw new InterruptedError("Setup cancelled; nothing was written");
  return answer.kind === "rclone" ? answer : null;
}

/**
 * `setup`: the interactive `init`. In a terminal an Ink wizard asks for the server, id and password
 * and checks them before anything is written; without one it reads "id:password" from stdin, as the
 * original tool did, and says so.
 */
export async function runSetup(
  flags: { url?: string; id?: string; packFolder?: string; gui?: boolean; instanceLabel?: string },
  ctx: CliContext,
  /** Run from the home screen: the wizard is erased once answered, and questions word "later" for it. */
  fromHome = false,
) {
  const paths = instancePaths(await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd));
  await assertCanInit(paths); // refuse before asking anything
  const { checkConnection } = await import("../../core/sync/connection.ts");
  let url = validateUrl(flags.url ?? DEFAULT_SERVER_URL);
  let token;
  let joined: DirectoryEntry | null = null;
  const interactive = ctx.stdinIsTerminal && flags.gui !== false;
  const label = await setupLabel(flags, ctx, paths.packFolder, interactive);
  const drive = interactive && flags.url === undefined ? await askCloudDrive(ctx) : null;
  if (drive) {
    url = validateUrl(drive.url);
    token = { id: "rclone", password: drive.password }; // the id names nothing on a drive
    joined = await askJoin(url, token, ctx, label);
  } else if (interactive) {
    const { runSetupWizard } = await import("../../tui/setup.ts");
    const creds = await runSetupWizard({
      url,
      id: flags.id, // the home screen's prefill from another instance; the password is always asked
      check: (c) => checkConnection(validateUrl(c.url), { id: c.id, password: c.password }),
      clear: fromHome,
    });
    if (!creds) throw new InterruptedError("Setup cancelled; nothing was written");
    url = validateUrl(creds.url);
    token = { id: creds.id, password: creds.password };
    joined = await askJoin(url, token, ctx, label);
  } else {
    ctx.err("instance-sync: no terminal: reading the token (id:password) from standard input");
    token = await tokenFromFlags({}, { ...ctx, stdinIsTerminal: false });
    const check = await checkConnection(url, token);
    if (check === "auth") throw new AuthError(`The server at ${redact(url)} refused this id and password`);
    if (check === "offline") {
      ctx.err(`instance-sync: warning: cannot reach ${redact(url)} now; writing the config anyway`);
    } else if (typeof check === "object" && check.serverDown) {
      ctx.err(`instance-sync: warning: ${redact(check.error)}; writing the config anyway`);
    } else if (typeof check === "object") throw new UsageError(`Cannot use ${redact(url)}: ${check.error}`);
  }
  const config = await initConfig(paths, {
    url,
    token,
    instanceId: joined?.instance_id,
    label: joined?.label ?? label, // remembered in sync.json for runs without $INST_NAME
  });
  const info = (m: string) => ctx.err(`instance-sync: ${m}`);
  if (joined) {
    await markListed(paths);
    info(`joined "${joined.label}" (instance ${config.instance_id}), set up by ${joined.created_by.host}`);
    info("the next `pull` (the launcher runs it before launch) brings this computer its worlds");
  } else info(`sync set up for "${paths.packFolder}" (instance ${config.instance_id})`);
  ctx.err(`instance-sync: wrote "${paths.syncJson}" and "${paths.token}"`);
  await keepTokenOutOfExports(paths.packFolder, ctx);
  if (!joined) {
    const { listAfterInit } = await import("../../core/directory/afterInit.ts");
    await listAfterInit(paths, config, {
      token,
      env: ctx.env,
      instanceLabel: label,
      known: [], // a freshly minted id
      warn: (m) => ctx.err(`instance-sync: warning: ${m}`),
      info,
    });
  }
  if (interactive) {
    // A launcher instance: offer to wire its hooks now (the same plan as `hooks install`).
    const { offerToWire } = await import("../home/offer.ts");
    const wired = await offerToWire(paths.packFolder, ctx, fromHome);
    for (const line of wired) info(line);
    if (wired.length) return;
  }
  ctx.err('instance-sync: wire your launcher: pre-launch `instance-sync pull --pack-folder="$INST_MC_DIR"`,');
  ctx.err('instance-sync:                     post-exit  `instance-sync push --pack-folder="$INST_MC_DIR"`');
  ctx.err("instance-sync: (or run `instance-sync` in a terminal and pick the instance to wire it)");
}
