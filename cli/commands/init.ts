import { defaultLocalRepositoryRoot } from "../../core/config/defaults.ts";
import { assertCanInit, initConfig, validateUrl } from "../../core/config/lifecycle.ts";
import { instancePaths, resolvePackFolder } from "../../core/config/paths.ts";
import { parseToken, readTokenFile, type Token } from "../../core/config/token.ts";
import { UsageError } from "../../core/errors.ts";
import { redact } from "../../core/redact.ts";
import type { CliContext } from "../context.ts";
import { keepTokenOutOfExports } from "./packIgnore.ts";

export interface InitFlags {
  url?: string;
  instanceId?: string;
  join?: string;
  instanceLabel?: string;
  resticBinary?: string;
  token?: string;
  tokenFile?: string;
  packFolder?: string;
}

/** Where the token comes from: `--token`, `--token-file`, or one line on stdin when it is not a terminal. */
export async function tokenFromFlags(
  flags: { token?: string; tokenFile?: string },
  ctx: CliContext,
): Promise<Token> {
  if (flags.token !== undefined && flags.tokenFile !== undefined) {
    throw new UsageError("Give either --token or --token-file, not both");
  }
  if (flags.token !== undefined) return parseToken(flags.token, "--token");
  if (flags.tokenFile !== undefined) {
    return await readTokenFile(flags.tokenFile, (m) => ctx.err(`instance-sync: warning: ${m}`));
  }
  if (ctx.stdinIsTerminal) {
    throw new UsageError(
      'No token given: pass --token-file=PATH, or pipe "id:password" on stdin, or run `instance-sync setup`',
    );
  }
  const text = await new Response(Deno.stdin.readable).text();
  return parseToken(text.split(/\r?\n/)[0] ?? "", "standard input");
}

/**
 * The launcher's name for the instance whose game folder this is, so that `init` run by hand lists it
 * in the instance directory under the name the player knows (a second computer joins it by that name).
 */
async function launcherName(packFolder: string, ctx: CliContext): Promise<string | undefined> {
  const { instanceOf } = await import("../home/offer.ts");
  return (await instanceOf(packFolder, ctx).catch(() => null))?.name;
}

/** `init`: opt this instance in without any prompt (scripts, launchers' setup steps). */
export async function runInit(flags: InitFlags, ctx: CliContext): Promise<void> {
  const paths = instancePaths(await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd));
  if (flags.join !== undefined && flags.instanceId !== undefined) {
    throw new UsageError("Give either --join or --instance-id, not both");
  }
  // The url first: a mistyped one is refused before the token is even read, and nothing is written.
  const url = validateUrl(flags.url ?? defaultLocalRepositoryRoot(ctx.env));
  await assertCanInit(paths); // before reading a token or asking the server anything
  const token = await tokenFromFlags(flags, ctx);
  const warn = (m: string) => ctx.err(`instance-sync: warning: ${m}`);
  const info = (m: string) => ctx.err(`instance-sync: ${m}`);
  let joined = null;
  if (flags.join !== undefined) {
    const { openDirectory } = await import("../../core/directory/open.ts");
    const { matchInstance } = await import("../../core/directory/match.ts");
    const dir = await openDirectory({
      url,
      token,
      env: ctx.env,
      resticBinary: flags.resticBinary,
      onInfo: info,
    });
    joined = matchInstance(await dir.list(), flags.join);
  }
  const config = await initConfig(paths, {
    url,
    token,
    instanceId: joined?.instance_id ?? flags.instanceId,
    label: flags.instanceLabel ?? joined?.label ?? ctx.env.INST_NAME ??
      await launcherName(paths.packFolder, ctx),
  });
  if (joined) {
    const { markListed } = await import("../../core/directory/open.ts");
    await markListed(paths);
    info(
      `joined "${joined.label}" (instance ${config.instance_id}), set up by ${joined.created_by.host} ` +
        `on ${joined.created_at.slice(0, 10)}`,
    );
  } else {
    info(`sync set up for "${paths.packFolder}" (instance ${config.instance_id})`);
  }
  info(`wrote "${paths.syncJson}" and "${paths.token}" (mode 600)`);
  info(`repository: ${redact(url)}`);
  await keepTokenOutOfExports(paths.packFolder, ctx);
  if (joined || flags.instanceId !== undefined) {
    // Joining an existing instance: cache its key now so the first pull before a launch is fast.
    const { warmKeyCache } = await import("../../core/sync/warmKey.ts");
    await warmKeyCache({ packFolder: paths.packFolder, env: ctx.env });
  }
  if (!joined) {
    const { listAfterInit } = await import("../../core/directory/afterInit.ts");
    await listAfterInit(paths, config, {
      token,
      env: ctx.env,
      instanceLabel: flags.instanceLabel,
      resticBinary: flags.resticBinary,
      // A freshly minted id cannot be listed yet: skip reading the directory.
      known: flags.instanceId === undefined ? [] : undefined,
      warn,
      info,
    });
  }
  info(
    joined
      ? "next: `instance-sync pull` brings this computer the instance's worlds (launchers run it before launch)"
      : "next: `instance-sync push` uploads this instance; launchers run `pull`/`push` as hooks",
  );
}
