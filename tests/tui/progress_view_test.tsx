import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { ProgressEvent } from "../../core/ui.ts";
import { plainProgressLine, ProgressView } from "../../tui/ProgressView.tsx";
import { plain, tick } from "./helpers.ts";

const sample: ProgressEvent = {
  op: "backup",
  fraction: 0.42,
  filesDone: 120,
  filesTotal: 300,
  bytesDone: 42 * 1024 * 1024,
  bytesTotal: 100 * 1024 * 1024,
  secondsElapsed: 20,
  secondsRemaining: 75,
  currentFiles: ["saves/New World/region/r.0.0.mca"],
};

async function frameOf(node: React.ReactElement): Promise<string> {
  const r = render(node);
  try {
    await tick();
    return plain(r.lastFrame());
  } finally {
    r.unmount();
  }
}

Deno.test("ProgressView shows the bar with percent, counts, speed, ETA and the current file", async () => {
  const frame = await frameOf(<ProgressView title="Pushing Cozy Pack" event={sample} columns={80} />);
  assert.match(frame, /Pushing Cozy Pack/);
  assert.match(frame, /█+░+\s+42%/);
  assert.ok(frame.includes("120/300 files · 42 MiB of 100 MiB · 2.1 MiB/s · ETA 1m15s"), frame);
  assert.ok(frame.includes("saves/New World/region/r.0.0.mca"));
  assert.ok(frame.split("\n").every((l) => l.length <= 80));
});

Deno.test("ProgressView estimates the ETA from the speed when core gives none", async () => {
  const e = { ...sample, secondsRemaining: undefined, bytesDone: 50 * 1024 * 1024, secondsElapsed: 10 };
  const frame = await frameOf(<ProgressView event={e} columns={80} />);
  assert.ok(frame.includes("5.0 MiB/s · ETA 10s"), frame);
  assert.ok(frame.includes("Uploading"), "falls back to the operation's name as the title");
});

Deno.test("ProgressView falls back to the headless line below 50 columns", async () => {
  const frame = await frameOf(<ProgressView title="Pushing" event={sample} columns={40} />);
  assert.ok(frame.includes("backup 42% (120/300 files, 42 MiB/100 MiB, ETA 1m15s)"), frame);
  assert.ok(!frame.includes("█"), "no bar on a narrow terminal");
});

Deno.test("ProgressView replaces the bar with the final summary line", async () => {
  const frame = await frameOf(
    <ProgressView
      event={sample}
      summary={{
        command: "push",
        outcome: "pushed",
        message: "Pushed snapshot 1a2b3c4d (300 files, 100 MiB)",
      }}
      columns={80}
    />,
  );
  assert.equal(frame.trim(), "✔ Pushed snapshot 1a2b3c4d (300 files, 100 MiB)");
});

Deno.test("ProgressView marks an offline summary with a warning sign", async () => {
  const frame = await frameOf(
    <ProgressView
      summary={{ command: "pull", outcome: "offline", message: "Server unreachable" }}
      columns={80}
    />,
  );
  assert.equal(frame.trim(), "⚠ Server unreachable");
});

Deno.test("plainProgressLine matches the headless reporter's wording", () => {
  assert.equal(plainProgressLine(sample), "backup 42% (120/300 files, 42 MiB/100 MiB, ETA 1m15s)");
});
