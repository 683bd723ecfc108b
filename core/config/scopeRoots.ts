import { CONFIG_DIR } from "./paths.ts";

/**
 * An include root as ScopeSchema leaves it: relative, forward slashes, no `.`/`..`/empty part, not
 * `.cloud-sync`, no control character. Checked on every read of scope.json, receipt or not
 * (receipts.ts): a root that leaves the pack folder would make a push upload files from outside it.
 */
export function isPlainRoot(root: unknown): boolean {
  if (typeof root !== "string" || root === "" || /^[A-Za-z]:/.test(root) || /[\\\0\r\n]/.test(root)) {
    return false;
  }
  const parts = root.split("/");
  return parts[0] !== CONFIG_DIR && parts.every((p) => p !== "" && p !== "." && p !== "..");
}
