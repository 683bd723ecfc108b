import { createHash } from "node:crypto";

/**
 * The restic password of a repository this program creates (docs/security.md), computed here
 * independently of core/restic/passwords.ts: tests that open such a repository with restic directly.
 */
export function derivedPasswordOf(tokenPassword: string): string {
  return createHash("sha256").update("instance-sync restic password v1:" + tokenPassword, "utf8").digest(
    "hex",
  );
}

/** `target` with the derived password in place of the token's, for `runRestic` on such a repository. */
export function withDerivedPassword<T extends { password: string }>(target: T): T {
  return { ...target, password: derivedPasswordOf(target.password) };
}
