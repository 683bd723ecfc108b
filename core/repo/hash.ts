/** SHA-256 as lowercase hex: how restic names files and blobs. WebCrypto's native digest. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A restic file or blob name: 64 lowercase hex digits (a SHA-256). */
export const HEX64 = /^[0-9a-f]{64}$/;
