import assert from "node:assert/strict";
import { plain } from "./helpers.ts";

const dir = new URL("./golden/", import.meta.url);

/**
 * Compares a frame, as plain text with local times masked (they depend on the time zone), with
 * `tests/tui/golden/<name>.txt`. `UPDATE_GOLDEN=1 deno test -A tests/tui/` rewrites the files.
 */
export async function assertGolden(name: string, frame: string | undefined): Promise<void> {
  const text = plain(frame).replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, "YYYY-MM-DD hh:mm").trimEnd() + "\n";
  const file = new URL(`${name}.txt`, dir);
  if (Deno.env.get("UPDATE_GOLDEN") === "1") {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(file, text);
    return;
  }
  const want = await Deno.readTextFile(file).catch(() => {
    throw new Error(`Golden file "${file.pathname}" is missing; run with UPDATE_GOLDEN=1 to create it`);
  });
  assert.equal(text, want, `frame differs from golden "${name}.txt"`);
}
