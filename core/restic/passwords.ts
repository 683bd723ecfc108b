/**
 * Which password opens a repository (docs/security.md, "Repositories the server cannot open").
 *
 * The token's password is the rest-server's HTTP login, so the server receives it with every request.
 * Repositories created by this program are encrypted with a password derived from it instead, which
 * never leaves the computer: SHA-256 over a fixed label followed by the token's password, as 64
 * lowercase hex digits. Plain restic opens them with that line (no program of ours needed):
 *
 *     printf 'instance-sync restic password v1:%s' "$PASSWORD" | sha256sum | cut -c1-64
 *
 * Repositories made with the token's password itself (by the original tool, and by this one before
 * derived passwords) keep working: every opener tries the derived password first, then the token's.
 */
import type { RepoTarget } from "./repo.ts";

/** The label hashed in front of the token's password; part of the documented derivation. */
export const DERIVATION_LABEL = "instance-sync restic password v1:";

/**
 * How well a repository's contents are hidden from its server: `protected` (encrypted with the
 * derived password) or `server-readable` (encrypted with the token's password, the HTTP login).
 */
export type Protection = "protected" | "server-readable";

/** One restic password to try, and what it means when it opens the repository. */
export interface RepoPassword {
  protection: Protection;
  /** A secret: only ever in restic's environment or the in-process reader's memory. */
  password: string;
}

/** The derived restic password of a token's password (the module comment gives the shell line). */
export async function derivedPassword(tokenPassword: string): Promise<string> {
  // WebCrypto, built into the runtime: computing it loads no module.
  const bytes = new TextEncoder().encode(DERIVATION_LABEL + tokenPassword);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The passwords to open `target`'s repository with, in the order to try them: the derived one first
 * (every repository made from now on), the token's second — unless `prefer` says this repository is
 * known to use the token's (remembered in state.json or the key cache), which saves a failed scrypt.
 * The first entry is also the one a new repository is created with, so it is always the derived one
 * when nothing is known.
 */
export async function repoPasswords(
  target: Pick<RepoTarget, "password">,
  prefer?: Protection,
): Promise<RepoPassword[]> {
  const derived: RepoPassword = { protection: "protected", password: await derivedPassword(target.password) };
  const token: RepoPassword = { protection: "server-readable", password: target.password };
  return prefer === "server-readable" ? [token, derived] : [derived, token];
}
