import { defaultLocalRepositoryRoot } from "../../core/config/defaults.ts";
import { initConfig, validateUrl } from "../../core/config/lifecycle.ts";
import { instancePaths, resolvePackFolder } from "../../core/config/paths.ts";
import { parseToken, readTokenFile, type Token } from "../../core/config/token.ts";
import { UsageError } from "../../core/errors.ts";
import { redact } from "../../core/redact.ts";
import type { CliContext } from "../program.ts";

export interface InitFlags {
  url?: string;
  instanceId?: string;
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

/** `init`: opt this instance in without any prompt (scripts, launchers' setup steps). */
export async function runInit(flags: InitFlags, ctx: CliContext): Promise<void> {
  const paths = instancePaths(await resolvePackFolder(flags.packFolder, ctx.env, ctx.cwd));
  // The url first: a mistyped one is refused before the token is even read, and nothing is written.
  const url = validateUrl(flags.url ?? defaultLocalRepositoryRoot(ctx.env));
  const token = await tokenFromFlags(flags, ctx);
  const config = await initConfig(paths, { url, token, instanceId: flags.instanceId });
  ctx.err(`instance-sync: sync set up for "${paths.packFolder}" (instance ${config.instance_id})`);
  ctx.err(`instance-sync: wrote "${paths.syncJson}" and "${paths.token}" (mode 600)`);
  ctx.err(`instance-sync: repository: ${redact(url)}`);
  ctx.err(
    "instance-sync: next: `instance-sync push` uploads this instance; launchers run `pull`/`push` as hooks",
  );
}
