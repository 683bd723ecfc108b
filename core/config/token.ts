import { ConfigError } from "../errors.ts";
import { writeFileAtomic } from "../fs/atomic.ts";

/** The credentials in `token`: `discord_id:password`. Never printed. */
export interface Token {
  id: string;
  password: string;
}

/** Longer tokens are mistakes (and would not fit in restic's environment). */
const MAX_TOKEN_CHARS = 4096;

/** Parses `id:password` (split at the first colon; surrounding whitespace and CRLF ignored). */
export function parseToken(text: string, source: string): Token {
  const line = text.replace(/^\uFEFF/, "").trim();
  const colon = line.indexOf(":");
  if (line === "") throw new ConfigError(source, `Token in ${source} is empty`);
  if (/[\r\n]/.test(line)) throw new ConfigError(source, `Token in ${source} must be a single line`);
  if (colon < 0) {
    throw new ConfigError(source, `Token in ${source} must look like "id:password" (no ":" found)`);
  }
  const id = line.slice(0, colon);
  const password = line.slice(colon + 1);
  if (id === "") throw new ConfigError(source, `Token in ${source} has an empty id before ":"`);
  if (password === "") throw new ConfigError(source, `Token in ${source} has an empty password after ":"`);
  if (line.length > MAX_TOKEN_CHARS) {
    throw new ConfigError(source, `Token in ${source} is longer than ${MAX_TOKEN_CHARS} characters`);
  }
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(line)) {
    throw new ConfigError(source, `Token in ${source} has control characters; it must be "id:password" text`);
  }
  if (/[\s/]/.test(id)) {
    throw new ConfigError(
      source,
      `Token in ${source} has an id with spaces or "/", which cannot name a repository`,
    );
  }
  return { id, password };
}

/**
 * Reads a token file. On POSIX a mode looser than 0600 is reported through `warn` and tightened,
 * since the file holds the repository password.
 */
export async function readTokenFile(path: string, warn: (message: string) => void): Promise<Token> {
  let text: string;
  try {
    const info = await Deno.stat(path);
    if (info.isFile && info.size > 64 * 1024) {
      const mb = (info.size / (1024 * 1024)).toFixed(1);
      throw new ConfigError(path, `Token file "${path}" is ${mb} MB; a token is one short line`);
    }
    if (!info.isFile && !info.isDirectory) {
      throw new ConfigError(path, `Token file "${path}" is not a regular file`);
    }
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof Deno.errors.NotFound) throw new ConfigError(path, `Token file "${path}" does not exist`);
    if (e instanceof Deno.errors.IsADirectory) {
      throw new ConfigError(path, `Token file "${path}" is a folder`);
    }
    if (e instanceof TypeError || e instanceof Deno.errors.InvalidData) {
      throw new ConfigError(path, `Token file "${path}" is not text`);
    }
    throw new ConfigError(path, `Cannot read token file "${path}": ${(e as Error).message}`);
  }
  const token = parseToken(text, `"${path}"`);
  if (Deno.build.os !== "windows") {
    const info = await Deno.stat(path);
    if (info.mode !== null && (info.mode & 0o077) !== 0) {
      warn(
        `Token file "${path}" was readable by others (mode ${
          (info.mode & 0o777).toString(8)
        }); set it to 600`,
      );
      await Deno.chmod(path, 0o600).catch(() => {});
    }
  }
  return token;
}

/** Writes the token with mode 0600 (POSIX); on Windows the file inherits the user profile's ACL. */
export async function writeTokenFile(path: string, token: Token): Promise<void> {
  await writeFileAtomic(path, `${token.id}:${token.password}\n`, 0o600);
  if (Deno.build.os !== "windows") await Deno.chmod(path, 0o600);
}
