/**
 * Which `url` values `init` and `setup` accept (docs/contract.md#repository-addressing-and-secrets, docs/troubleshooting.md): a mistyped url must be refused
 * before anything is written, not found by the first push ("parsing repository location failed").
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, resolve } from "../fs/path.ts";
import { UsageError } from "../errors.ts";
import { redact } from "../redact.ts";

/** restic's own backends besides a local folder (restic's `location` package), written `scheme:…`. */
export const RESTIC_SCHEMES = ["sftp", "s3", "b2", "azure", "gs", "swift", "rclone", "rest"] as const;

/** The accepted forms, as every refusal lists them. */
export const ACCEPTED_URL_FORMS = "https://host[:port][/path] (a rest-server; http:// only for localhost), " +
  `a folder path, or a restic location (${RESTIC_SCHEMES.map((s) => `${s}:`).join(", ")})`;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const DRIVE = /^[a-z]:([\\/]|$)/i;
/** `sync.example.org` or `sync.example.org:8000/mc`: a server address without its `https://`. */
const BARE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?([/\\].*)?$/i;

/**
 * Why `value` cannot be a sync location, as one sentence that names it and lists the accepted forms;
 * null when it is fine. `value` is trimmed by the caller.
 *
 * @example
 * urlProblem("htps://sync.example.org")
 * // '"htps://sync.example.org" is not a sync location ("htps:" is not a known kind); use https://host…'
 */
export function urlProblem(value: string): string | null {
  const problem = whyNot(value);
  return problem && `${problem}; use ${ACCEPTED_URL_FORMS}`;
}

function whyNot(value: string): string | null {
  if (value === "") return "is empty";
  const shown = `"${redact(value)}"`;
  if (/^https?:/i.test(value)) return httpProblem(value, shown);
  const scheme = SCHEME.exec(value)?.[1].toLowerCase();
  if (scheme && !DRIVE.test(value) && scheme !== "local") {
    if (!(RESTIC_SCHEMES as readonly string[]).includes(scheme)) {
      return `${shown} is not a sync location ("${scheme}:" is not a known kind)`;
    }
    const rest = value.slice(scheme.length + 1);
    if (rest.trim() === "") return `${shown} names no place after "${scheme}:"`;
    if (/\/\/[^/@\s]*:[^@\s]*@/.test(value)) {
      return `${shown} must not contain a password: sync.json is not a secret file` +
        (scheme === "rest" ? ' (with "https://host[/path]" the token gives the id and password)' : "");
    }
    if (scheme === "rest" && !/^https?:\/\/[^/\s]/i.test(rest)) {
      return `${shown} must be rest:https://host[:port][/path]`;
    }
    return null;
  }
  const folder = value.replace(/^local:/i, "");
  if (folder === "") return `${shown} names no folder`;
  if (!isAbsolute(folder) && !DRIVE.test(folder) && BARE_HOST.test(folder) && !existsSync(folder)) {
    return `${shown} looks like a server without "https://" (for a folder of that name, write ` +
      `"./${folder}")`;
  }
  return null;
}

function httpProblem(value: string, shown: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return `${shown} is not a valid URL`;
  }
  if (!/^https?:\/\//i.test(value) || parsed.hostname === "") {
    return `${shown} names no server`;
  }
  if (parsed.username || parsed.password) {
    return `${shown} must not contain credentials: they belong in the token`;
  }
  if (parsed.protocol === "http:" && !LOOPBACK.test(parsed.hostname)) {
    return `${shown} uses plain http:// for another machine, so the token would travel unencrypted`;
  }
  if (parsed.search || parsed.hash) return `${shown} must not have a "?" query or "#" part`;
  return null;
}

/**
 * Validates a url for `sync.json` and returns what to store: trimmed, and a local folder made absolute
 * (hooks run from whatever folder the launcher is in; `~/` is the home folder). Throws a UsageError
 * (exit 2) that names `flag` and lists the accepted forms.
 */
export function validateUrl(url: string, flag = "--url"): string {
  const value = url.trim();
  const problem = urlProblem(value);
  if (problem) throw new UsageError(`${flag} ${problem}`);
  if (/^https?:/i.test(value)) return value;
  if (SCHEME.test(value) && !DRIVE.test(value) && !/^local:/i.test(value)) return value; // sftp:, s3: …
  const local = value.replace(/^local:/i, "");
  if (local === "~" || /^~[\\/]/.test(local)) return resolve(homedir(), local.slice(2));
  return isAbsolute(local) || DRIVE.test(local) ? value : resolve(local);
}
