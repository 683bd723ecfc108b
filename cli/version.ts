/** Kept in step with deno.json's "version" by the release workflow's check. */
export const VERSION = "0.1.0";
