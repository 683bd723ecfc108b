import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { skipIf } from "../helpers/skip.ts";
import { inTerminal, shq, type Terminal } from "../helpers/tmux.ts";

/** CI on macOS and Windows has no tmux (ci.yml sets this); Linux CI and this machine run these tests. */
const NO_TMUX = skipIf(
  Deno.env.get("INSTANCE_SYNC_SKIP_TMUX") === "1",
  "tmux tests",
  "INSTANCE_SYNC_SKIP_TMUX=1 (no tmux on this CI runner)",
);

/**
 * The conflict dialog in a real terminal: tmux at 80x24 runs `fixtures/conflict_demo.ts`, keys go
 * in with `send-keys`, the screen comes out with `capture-pane -p`, and the answer the demo wrote
 * is checked, as is the terminal after it exits (never left raw, cursor visible again).
 */

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CONFIG = here("../../deno.json");
const CONFLICT_DEMO = here("./fixtures/conflict_demo.ts");
const SETUP_DEMO = here("./fixtures/setup_demo.ts");

/** Runs a demo in a fresh 80x24 tmux server, hands the terminal to `drive`, then kills it. */
async function withDemo(
  demo: string,
  drive: (io: Terminal) => Promise<void>,
): Promise<{ answer: string; stty: string }> {
  const dir = await Deno.makeTempDir({ prefix: "tui-tmux-" });
  const answer = `${dir}/answer.txt`;
  const stty = `${dir}/stty.txt`;
  const script = `${shq(Deno.execPath())} run -A --config ${shq(CONFIG)} ${shq(demo)} ${shq(answer)}; ` +
    `stty -a > ${shq(stty)}; echo DEMO-EXITED`;
  try {
    await inTerminal(script, async (t) => {
      await drive(t);
      await t.screenWith("DEMO-EXITED");
      assert.equal(await t.cursorVisible(), true, "the cursor was left hidden");
    });
    return { answer: await Deno.readTextFile(answer), stty: await Deno.readTextFile(stty) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function assertCookedMode(stty: string) {
  assert.match(stty, /(^|\s)icanon(\s|$)/, "the terminal was left in raw mode (-icanon)");
  assert.match(stty, /(^|\s)echo(\s|$)/, "the terminal was left without echo");
}

Deno.test("the conflict dialog in an 80x24 tmux returns keep-local after arrow down and enter", {
  ignore: NO_TMUX,
}, async () => {
  const { answer, stty } = await withDemo(CONFLICT_DEMO, async ({ keys, screenWith }) => {
    const screen = await screenWith("Cancel launch");
    const lines = screen.split("\n");
    assert.ok(
      lines.some((l) => /This computer.*│ │ Cloud · bbbbbbbb/.test(l)),
      `sides not side by side:\n${screen}`,
    );
    for (
      const t of [
        "Use the cloud's version",
        "tagged conflict-backup",
        "stays in history",
        "game does not start",
      ]
    ) {
      assert.ok(screen.includes(t), `screen lacks ${JSON.stringify(t)}:\n${screen}`);
    }
    await keys("Down", "Enter");
    await screenWith("✔ Answer: keep-local");
  });
  assert.equal(answer, "keep-local");
  assertCookedMode(stty);
});

Deno.test(
  "the conflict dialog in tmux lists files with d, and Escape then cancels",
  { ignore: NO_TMUX },
  async () => {
    const { answer, stty } = await withDemo(CONFLICT_DEMO, async ({ keys, screenWith }) => {
      await screenWith("Cancel launch");
      await keys("d");
      const details = await screenWith("~ options.txt");
      assert.match(details, /… \d+ more/);
      await keys("Escape");
      await screenWith("Cancel launch");
      await keys("Escape");
    });
    assert.equal(answer, "cancel");
    assertCookedMode(stty);
  },
);

Deno.test(
  "the conflict dialog in tmux takes arrow down and enter sent in one burst",
  { ignore: NO_TMUX },
  async () => {
    const { answer, stty } = await withDemo(CONFLICT_DEMO, async ({ keys, screenWith }) => {
      await screenWith("Cancel launch");
      await keys("Down Enter");
      const screen = await screenWith("✔ Answer: keep-local");
      assert.ok(screen.includes(`Conflict in "Cozy Pack": Keep this computer's version`), screen);
    });
    assert.equal(answer, "keep-local");
    assertCookedMode(stty);
  },
);

Deno.test("the conflict dialog in tmux answers cancel on Ctrl+C and restores the terminal", {
  ignore: NO_TMUX,
}, async () => {
  const { answer, stty } = await withDemo(CONFLICT_DEMO, async ({ keys, screenWith }) => {
    await screenWith("Cancel launch");
    await keys("C-c");
  });
  assert.equal(answer, "cancel");
  assertCookedMode(stty);
});

Deno.test(
  "the setup wizard in tmux masks the password, tells a wrong one apart, and returns the credentials",
  { ignore: NO_TMUX },
  async () => {
    const { answer, stty } = await withDemo(SETUP_DEMO, async ({ keys, screenWith }) => {
      await screenWith("https://cloud.tm.center");
      await keys("Enter");
      await screenWith("Step 2 of 3");
      await keys("-l 4242", "Enter");
      await screenWith("Step 3 of 3");
      await keys("-l wrong-pass", "Enter");
      const refused = await screenWith("refused this Discord id and password");
      assert.ok(!refused.includes("wrong-pass"), `the password is on screen:\n${refused}`);
      await keys("Enter"); // "Re-enter the Discord id and password"
      await screenWith("Step 2 of 3");
      await keys("Enter");
      await screenWith("Step 3 of 3");
      await keys("-l right");
      const masked = await screenWith("*****");
      assert.ok(!masked.includes("right"), `the password is on screen:\n${masked}`);
      await keys("Enter");
    });
    assert.deepEqual(JSON.parse(answer), { url: "https://cloud.tm.center", id: "4242", password: "right" });
    assertCookedMode(stty);
  },
);

Deno.test("the setup wizard in tmux says the server is unreachable and cancels on Ctrl+C", {
  ignore: NO_TMUX,
}, async () => {
  const { answer, stty } = await withDemo(SETUP_DEMO, async ({ keys, screenWith }) => {
    await screenWith("https://cloud.tm.center");
    await keys("Enter", "-l offline", "Enter", "-l pw", "Enter");
    await screenWith('Cannot reach "https://cloud.tm.center"');
    await keys("C-c");
  });
  assert.equal(answer, "null");
  assertCookedMode(stty);
});

Deno.test(
  "the setup wizard in tmux edits the url like a shell line (C-u, C-w, C-a, C-e, Home, End) and clears its spinner",
  { ignore: NO_TMUX },
  async () => {
    const { answer, stty } = await withDemo(SETUP_DEMO, async ({ keys, screenWith }) => {
      await screenWith("https://cloud.tm.center");
      await keys("C-u", "-l ftp://example.org/x");
      const cleared = await screenWith("❯ ftp://example.org/x");
      assert.ok(!cleared.includes("cloud.tm.center"), `Ctrl+U left the default:\n${cleared}`);
      await keys("Enter");
      await screenWith('"ftp:" is not a known kind');
      await keys("C-w", "C-w"); // "ftp://example.org/x" → "ftp://example.org/" → "ftp://"
      await screenWith("❯ ftp://\n", 10_000); // capture-pane drops the cursor cell's trailing space
      await keys(
        "C-a",
        "DC",
        "DC",
        "DC",
        "-l https",
        "End",
        "-l sync.example.org/mc",
        "Home",
        "C-e",
        "Enter",
      );
      await screenWith("Step 2 of 3");
      await screenWith("Server: https://sync.example.org/mc");
      await keys("-l 4242", "Enter", "-l right", "Enter");
      const done = await screenWith("DEMO-EXITED");
      assert.ok(done.includes("✔ Connected to https://sync.example.org/mc as 4242"), done);
      assert.ok(!done.includes("Checking the connection"), `the spinner line stayed:\n${done}`);
    });
    assert.deepEqual(JSON.parse(answer), {
      url: "https://sync.example.org/mc",
      id: "4242",
      password: "right",
    });
    assertCookedMode(stty);
  },
);
