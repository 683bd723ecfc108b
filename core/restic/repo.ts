import { isAbsolute, join, resolve } from "../fs/path.ts";
import type { Token } from "../config/token.ts";
import { UsageError } from "../errors.ts";
import { redact as redactUrls } from "../redact.ts";

/**
 * Where an instance's restic repository lives and how to open it (docs/contract.md#repository-addressing-and-secrets).
 * `repository` and `password` are secrets: they reach restic only through `resticEnv`.
 */
export interface RepoTarget {
  kind: "rest" | "local" | "other";
  /** Full restic repository string; for kind rest it holds the credentials — secret. */
  repository: string;
  /**
   * The token's password — secret. It is the rest-server's HTTP login and the restic password of
   * server-readable repositories; a new repository's restic password is derived from it (passwords.ts).
   */
  password: string;
  /** Safe to print: credentials replaced by `***`. The full location: for `status` and debug detail. */
  display: string;
  /**
   * The server (or folder) as the player wrote it in `sync.json`, without credentials: what messages
   * name ("https://sync.example.org"), since the repository path under it means nothing to a player.
   */
  server: string;
  /** Kind rest: `https://host[:port]/prefix/<id>/<instance_id>/` without credentials, for HTTP listing. */
  restBase?: string;
  /** Kind rest: the basic-auth credentials for `restBase`. */
  auth?: { user: string; password: string };
  /** Kind local: the repository folder. */
  localPath?: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
/** `scheme:` prefixes of restic backends other than local and rest (a drive letter `C:` is not one). */
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * Builds the repository of one instance from `sync.json`'s `url`, the token and the instance id.
 *
 * - `https://host[:port][/prefix]` → `rest:https://<id>:<pw>@host[:port]/prefix/<id>/<instance_id>/`
 *   (rest-server `--private-repos`: the first path segment after the prefix is the user).
 * - `http://` is accepted only for a loopback host (`localhost`, `127.x.x.x`, `[::1]`): anywhere else
 *   the token would cross the network in clear text, so it is refused with a UsageError (exit 2)
 *   rather than silently used. Put a TLS proxy in front of a LAN server instead.
 * - `local:/path`, an absolute or relative folder path → `<path>/<instance_id>` (kind local); a relative
 *   path is resolved against the current directory now, because restic later runs with the pack
 *   folder as its working directory.
 * - any other restic location (`sftp:`, `s3:`, `rest:` …) → `<url>/<instance_id>` (kind other).
 *
 * @example
 * repoTarget("https://sync.example.org/mc", { id: "42", password: "s3cret" }, "01J…").display
 * // "rest:https://42:***@sync.example.org/mc/42/01J…/"
 */
export function repoTarget(url: string, token: Token, instanceId: string): RepoTarget {
  const trimmed = url.trim();
  if (/^https?:\/\//i.test(trimmed)) return restTarget(trimmed, token, instanceId);
  const password = token.password;
  const server = serverName(trimmed);
  const local = trimmed.replace(/^local:/i, "");
  if (/^local:/i.test(trimmed) || !OTHER_SCHEME.test(trimmed) || isAbsolute(local)) {
    const localPath = join(resolve(local), instanceId);
    return { kind: "local", repository: localPath, password, display: localPath, server, localPath };
  }
  const repository = `${trimmed.replace(/\/+$/, "")}/${instanceId}`;
  return { kind: "other", repository, password, display: redact(repository), server };
}

function restTarget(url: string, token: Token, instanceId: string): RepoTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`Cannot use "${redact(url)}" as a server url: it is not a valid URL`);
  }
  if (parsed.protocol === "http:" && !LOOPBACK.test(parsed.hostname)) {
    throw new UsageError(
      `Refusing plain http:// for "${parsed.host}": the token would travel unencrypted`,
      "Use https://, or http:// only for a server on this machine (localhost / 127.0.0.1)",
    );
  }
  const prefix = parsed.pathname.replace(/\/+$/, "");
  const path = `${prefix}/${encodeURIComponent(token.id)}/${encodeURIComponent(instanceId)}/`;
  const restBase = `${parsed.protocol}//${parsed.host}${path}`;
  const user = encodeURIComponent(token.id);
  const pass = encodeURIComponent(token.password);
  const repository = `rest:${parsed.protocol}//${user}:${pass}@${parsed.host}${path}`;
  return {
    kind: "rest",
    repository,
    password: token.password,
    display: `rest:${parsed.protocol}//${user}:***@${parsed.host}${path}`,
    server: serverName(url),
    restBase,
    auth: { user: token.id, password: token.password },
  };
}

/** The url as the player wrote it, for messages: trimmed, no trailing slash, credentials hidden. */
export function serverName(url: string): string {
  const trimmed = url.trim();
  return redact(trimmed.length > 1 ? trimmed.replace(/\/+$/, "") : trimmed);
}

/** Hides `user:pass@` in URLs of any scheme (and `RESTIC_PASSWORD=…`) in text that may be shown. */
export function redact(text: string): string {
  return redactUrls(text);
}

/**
 * Redacts URLs and, in addition, every literal occurrence of the target's secrets (raw and
 * URL-encoded), for text that comes from restic or the network and may quote them in other forms.
 */
export function scrub(text: string, target: Pick<RepoTarget, "password" | "auth">): string {
  let out = redact(text);
  const secrets = [target.password, target.auth?.password].filter((s): s is string => !!s && s.length >= 3);
  for (const s of secrets) {
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("***");
  }
  return out;
}

/**
 * The environment that hands the repository and a password to restic (never argv): `password` is the
 * one that opens it (passwords.ts), the token's when not given.
 */
export function resticEnv(target: RepoTarget, password = target.password): Record<string, string> {
  return { RESTIC_REPOSITORY: target.repository, RESTIC_PASSWORD: password };
}
