/** Names from another computer reach the Ink screens printable (docs/hostile-input.md). */
import assert from "node:assert/strict";
import { createTuiFrontend } from "../../tui/frontend.ts";
import { FakeTerminal } from "./fake_streams.ts";
import { KEY, plain, press, sampleWorldConflict, tick, waitFor } from "./helpers.ts";

const strict = { sanitizeOps: true, sanitizeResources: true };
/** Retitles the terminal, clears the screen, then a right-to-left override. */
const HOSTILE = "desk\u001b]0;pwned\u0007\u001b[2J\u202etop";

Deno.test({
  name: "the conflict dialog shows a hostile machine name, label and world name as visible escapes",
  ...strict,
  async fn() {
    const term = new FakeTerminal(120, 40);
    const ui = await createTuiFrontend({ packFolder: "/tmp/pack", env: {}, streams: term.streams() });
    try {
      const d = sampleWorldConflict();
      d.cloud.machine = HOSTILE;
      d.cloud.label = HOSTILE;
      d.worlds[0] = { ...d.worlds[0], name: `World${HOSTILE}` };
      ui.reporter.info(`Pulled from ${HOSTILE}`);
      const answer = ui.prompter.chooseConflict(d);
      await waitFor(() => plain(term.lastFrame()).includes("Cancel launch"), "the dialog");
      const all = term.frames.join("");
      assert.ok(!all.includes("\u001b]0;pwned"), "no title-setting sequence reaches the terminal");
      assert.ok(!all.includes("\u001b[2J"), "no screen clear reaches the terminal");
      assert.ok(!all.includes("\u202e"), "no bidi override reaches the terminal");
      assert.ok(plain(term.lastFrame()).includes("\\u001b]0;pwned\\u0007"), plain(term.lastFrame()));
      await press(term, KEY.escape);
      await answer;
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "a hostile world folder is shown escaped while the description handed in stays exact",
  ...strict,
  async fn() {
    const term = new FakeTerminal(120, 40);
    const ui = await createTuiFrontend({ packFolder: "/tmp/pack", env: {}, streams: term.streams() });
    try {
      const d = sampleWorldConflict();
      const folder = "saves/Evil\u001b[2J";
      d.worlds = [{ ...d.worlds[0], folder, name: "Evil\u001b[2J" }];
      const answer = ui.prompter.chooseConflict(d);
      await waitFor(() => plain(term.lastFrame()).includes("Cancel launch"), "the dialog");
      assert.ok(!term.frames.join("").includes("\u001b[2J"));
      assert.ok(plain(term.lastFrame()).includes("saves/Evil\\u001b[2J"), plain(term.lastFrame()));
      await press(term, KEY.escape);
      assert.equal(await answer, "cancel");
      assert.equal(d.worlds[0].folder, folder, "the description handed in is left exact");
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "a progress line with a hostile file name shows it escaped",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await createTuiFrontend({ packFolder: "/tmp/pack", env: {}, streams: term.streams() });
    try {
      ui.reporter.start("restore", "Restoring");
      ui.reporter.progress({
        op: "restore",
        fraction: 0.5,
        filesDone: 1,
        filesTotal: 2,
        bytesDone: 1,
        bytesTotal: 2,
        secondsElapsed: 1,
        currentFiles: ["saves/x\u001b]52;c;cHduZWQ=\u0007.mca"],
      });
      await tick();
      assert.ok(!term.frames.join("").includes("\u001b]52;"), "no clipboard write reaches the terminal");
      assert.ok(plain(term.lastFrame()).includes("\\u001b]52;"));
    } finally {
      await ui.close();
    }
  },
});
