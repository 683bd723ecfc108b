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
