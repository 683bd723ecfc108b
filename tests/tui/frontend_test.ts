import assert from "node:assert/strict";
import { UsageError } from "../../core/errors.ts";
import { createTuiFrontend } from "../../tui/frontend.ts";
import { runSetupWizard } from "../../tui/setup.ts";
import { HeadlessReporter } from "../../cli/ui/headless.ts";
import { FakeTerminal } from "./fake_streams.ts";
import { KEY, plain, press, sampleConflict, tick, waitFor } from "./helpers.ts";

/** Leaks matter here: a frontend that is not closed keeps listeners and timers (docs/architecture.md#runtime-facts-the-code-relies-on). */
const strict = { sanitizeOps: true, sanitizeResources: true };

function open(term: FakeTerminal, env: Record<string, string> = {}) {
  return createTuiFrontend({ packFolder: "/tmp/pack", env, streams: term.streams() });
}

const event = {
  op: "restore" as const,
  fraction: 0.5,
  filesDone: 10,
  filesTotal: 20,
  bytesDone: 1024 * 1024,
  bytesTotal: 2 * 1024 * 1024,
  secondsElapsed: 4,
  secondsRemaining: 4,
  currentFiles: ["saves/New World/level.dat"],
};

Deno.test({
  name: "createTuiFrontend draws progress, messages and the final summary on its stream",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await open(term);
    try {
      assert.equal(ui.kind, "tui");
      ui.reporter.start("restore", "Downloading the cloud's version");
      ui.reporter.info("Using restic 0.17.3");
      ui.reporter.warn("2 files could not be read");
      ui.reporter.progress(event);
      await tick();
      const live = plain(term.lastFrame());
      for (
        const t of [
          "Downloading the cloud's version",
          "50%",
          "10/20 files",
          "ETA 4s",
          "saves/New World/level.dat",
        ]
      ) {
        assert.ok(live.includes(t), `frame lacks ${t}:\n${live}`);
      }
      assert.ok(live.includes("Using restic 0.17.3") && live.includes("⚠ 2 files could not be read"));
      ui.reporter.finish({ command: "pull", outcome: "restored", message: "Restored snapshot bbbbbbbb" });
      await tick();
      assert.ok(plain(term.lastFrame()).includes("✔ Restored snapshot bbbbbbbb"));
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "createTuiFrontend falls back to plain progress lines below 50 columns",
  ...strict,
  async fn() {
    const term = new FakeTerminal(40);
    const ui = await open(term);
    try {
      ui.reporter.progress(event);
      await tick();
      const text = plain(term.lastFrame()).replace(/\s+/g, " ");
      assert.ok(text.includes("restore 50% (10/20 files, 1.0 MiB/2.0 MiB, ETA 4s)"), text);
      assert.ok(!term.lastFrame().includes("█"));
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "createTuiFrontend's prompter returns keep-local from the conflict dialog and leaves raw mode",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await open(term);
    try {
      ui.reporter.conflict(sampleConflict());
      const answer = ui.prompter.chooseConflict(sampleConflict());
      await waitFor(() => plain(term.lastFrame()).includes("Cancel launch"), "the dialog");
      await press(term, KEY.down, KEY.enter);
      assert.equal(await answer, "keep-local");
      ui.reporter.finish({ command: "pull", outcome: "kept-local", message: "Kept this computer's version" });
      await tick();
      const after = plain(term.lastFrame());
      assert.ok(!after.includes("Cancel launch"), "the dialog is gone once answered");
      assert.ok(after.includes("✔ Kept this computer's version"));
      assert.ok(
        !after.includes('Conflict in "Cozy Pack": Both'),
        "no reason line: the dialog already said it",
      );
      assert.ok(after.includes(`Conflict in "Cozy Pack": Keep this computer's version`), "the answer stays");
      assert.ok(term.rawModes.includes(true), "the dialog read keys in raw mode");
      assert.ok(term.rawModeOff(), "raw mode is off after the question");
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "createTuiFrontend's prompter answers confirm with false on Escape and true on y",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await open(term);
    try {
      const first = ui.prompter.confirm("Roll back to 1a2b3c4d?", "The current state is saved first.");
      await waitFor(() => plain(term.lastFrame()).includes("Roll back to 1a2b3c4d?"), "the question");
      await press(term, KEY.escape);
      assert.equal(await first, false);
      const fork = ui.prompter.confirmForkPush(sampleConflict());
      await waitFor(() => plain(term.lastFrame()).includes("Upload this computer's session anyway?"), "fork");
      await press(term, "y");
      assert.equal(await fork, true);
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "createTuiFrontend close() answers an open conflict question with cancel",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await open(term);
    const answer = ui.prompter.chooseConflict(sampleConflict());
    await tick();
    await ui.close();
    assert.equal(await answer, "cancel");
    assert.ok(term.rawModeOff());
  },
});

Deno.test({
  name: "createTuiFrontend's login returns the typed credentials and rejects when cancelled",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await open(term);
    try {
      const creds = ui.prompter.login({ url: "http://127.0.0.1:8000", id: "42" });
      await tick();
      await press(term, KEY.enter, KEY.enter, "pw", KEY.enter);
      assert.deepEqual(await creds, { url: "http://127.0.0.1:8000", id: "42", password: "pw" });
      const cancelled = assert.rejects(ui.prompter.login({ url: "http://127.0.0.1:8000" }), UsageError);
      await tick();
      await press(term, KEY.ctrlC);
      await cancelled;
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "runSetupWizard resolves with checked credentials, then null when cancelled, leaving raw mode",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const run = runSetupWizard({ check: () => Promise.resolve("ok"), streams: term.streams() });
    await tick();
    await press(term, KEY.enter, "99", KEY.enter, "pw", KEY.enter);
    assert.deepEqual(await run, { url: "https://cloud.tm.center", id: "99", password: "pw" });
    assert.ok(term.rawModeOff());

    const term2 = new FakeTerminal();
    const cancelled = runSetupWizard({
      url: "/srv/repos",
      check: () => Promise.resolve("ok"),
      streams: term2.streams(),
    });
    await tick();
    assert.ok(plain(term2.lastFrame()).includes("/srv/repos"), "the given url is prefilled");
    await press(term2, KEY.escape);
    assert.equal(await cancelled, null);
    assert.ok(term2.rawModeOff());
  },
});

Deno.test({
  name: "createTuiFrontend prints a conflict that a flag decided, since no dialog shows it",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await open(term);
    try {
      ui.reporter.conflict(sampleConflict());
      ui.reporter.info("--on-conflict=keep-local: keeping this computer's version");
      await tick();
      const frame = plain(term.lastFrame());
      assert.ok(frame.includes('⚠ Conflict in "Cozy Pack": Both this computer and the cloud changed'), frame);
      assert.ok(frame.indexOf("Conflict in") < frame.indexOf("--on-conflict=keep-local"));
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "createTuiFrontend sends reports to the plain lines it was given when stderr is not a terminal",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const lines: string[] = [];
    const ui = await createTuiFrontend({
      packFolder: "/tmp/pack",
      env: {},
      streams: { ...term.streams(), isTerminal: false },
      plainLines: new HeadlessReporter((line) => lines.push(line)),
    });
    try {
      ui.reporter.start("restore", "Downloading the cloud's version");
      ui.reporter.progress(event);
      await tick();
      assert.deepEqual(lines.slice(0, 1), ["instance-sync: Downloading the cloud's version"]);
      assert.ok(lines[1]?.startsWith("instance-sync: restore 50% (10/20 files"), lines.join("\n"));
      assert.equal(plain(term.lastFrame() ?? ""), "", "nothing drawn by Ink");
    } finally {
      await ui.close();
    }
  },
});

Deno.test({
  name: "createTuiFrontend asks about another computer's unsynced play: Escape cancels the launch, y plays",
  ...strict,
  async fn() {
    const term = new FakeTerminal();
    const ui = await open(term);
    const playing = {
      machine: "01JDESKTOP0000000000000000",
      displayName: "desktop",
      since: new Date().toISOString(),
      snapshot: "1a2b3c4d",
      stale: false,
      instanceLabel: "All the Mods 10",
    };
    try {
      const first = ui.prompter.confirmPlayingElsewhere(playing);
      await waitFor(
        () =>
          /desktop has been playing "All the Mods 10" since/.test(
            plain(term.lastFrame()).replace(/\s+/g, " "),
          ),
        "the question",
      );
      assert.match(plain(term.lastFrame()), /Play anyway/);
      await press(term, KEY.escape);
      assert.equal(await first, "cancel");
      const second = ui.prompter.confirmPlayingElsewhere(playing);
      await waitFor(() => plain(term.lastFrame()).includes("Play anyway"), "the question again");
      await press(term, "y");
      assert.equal(await second, "play");
    } finally {
      await ui.close();
    }
  },
});
