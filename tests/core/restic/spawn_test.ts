import assert from "node:assert/strict";
import { spawnLines } from "../../../core/restic/spawn.ts";

// The child writes each line on its own (as restic does), splits one UTF-8 character across two
// writes, clears a line the way restic's stderr does, and ends without a newline.
const CHILD = `
const out = (s) => Deno.stdout.writeSync(typeof s === "string" ? new TextEncoder().encode(s) : s);
for (let i = 0; i < 3000; i++) out('{"n":' + i + '}\\n');
out(new Uint8Array([0x63, 0x61, 0x66, 0xc3]));
await new Promise((r) => setTimeout(r, 30));
out(new Uint8Array([0xa9, 0x0a]));
out("\\r\\x1b[2Kcleared\\r\\n");
out("x".repeat(200000) + "\\n");
out("last");
`;

Deno.test("a child's stdout arrives as whole, cleaned lines across thousands of small writes and split characters", async () => {
  const lines: string[] = [];
  const result = await spawnLines({
    cmd: Deno.execPath(),
    args: ["eval", CHILD],
    env: { NO_COLOR: "1" },
    // A reader that stops early leaves the child blocked on a full pipe: fail instead of hanging.
    signal: AbortSignal.timeout(20_000),
    onStdout: (l) => lines.push(l),
  });
  assert.equal(result.aborted, false, "the child was stopped: its output was not drained");
  assert.equal(result.code, 0);
  assert.equal(lines.length, 3000 + 4);
  for (let i = 0; i < 3000; i++) assert.equal(lines[i], `{"n":${i}}`);
  assert.equal(lines[3000], "café");
  assert.equal(lines[3001], "cleared");
  assert.equal(lines[3002], "x".repeat(200000));
  assert.equal(lines[3003], "last");
});
