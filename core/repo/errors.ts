import { ExitCode, SyncError } from "../errors.ts";

/**
 * A repository file that fails authentication (Poly1305-AES) or does not decode. Never skipped: the
 * in-process reader refuses to answer rather than list a partial history (exit 1).
 */
export class IntegrityError extends SyncError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.failure, hint);
  }
}

/**
 * The repository at this instance's address is not this instance's: its config id differs from the
 * one remembered in state.json, or a snapshot's `instance=` tag names another instance (a server
 * serving one instance's repository at another's address). Refused before anything changes (exit 1).
 */
export class WrongRepositoryError extends IntegrityError {}
