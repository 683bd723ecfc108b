import { ConfigError } from "../errors.ts";
import { writeFileAtomic } from "../fs/atomic.ts";

/** The credentials in `token`: `discord_id:password`. Never printed. */
export interface Token {
  id: string;
  password: string;
}

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
    text = await Deno.readTextFile(path);
  } catch (e) {
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
