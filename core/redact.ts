/**
 * Hides credentials in text that may be shown: `scheme://user:pass@host` becomes
 * `scheme://***@host`, and `RESTIC_PASSWORD=…` assignments are masked.
 */
export function redact(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]*:[^@\s]*@/gi, "$1***@")
    .replace(/(RESTIC_PASSWORD=)\S+/g, "$1***");
}
