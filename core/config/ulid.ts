/** The shape of an instance id (a ULID), shared by sync.json's reader and its schema. */
export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** True when `id` has the shape of a ULID. */
export function isUlid(id: string): boolean {
  return ULID_RE.test(id);
}
