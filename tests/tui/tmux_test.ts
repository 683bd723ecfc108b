import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { skipIf } from "../helpers/skip.ts";

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

async function tmux(socket: string, ...args: string[]): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("tmux", { args: ["-L", socket, ...args], stdout: "piped", stderr: "piped" })
      .output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        "tmux is not installed: this real-terminal test needs it (e.g. `apt-get install tmux`)",
      );
    }
    throw e;
  }
  if (!out.success) throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

/** Runs a demo in a fresh 80x24 tmux server, hands the session to `drive`, then kills it. */
async function withDemo(
  demo: string,
  drive: (
    io: { keys: (...k: string[]) => Promise<void>; screenWith: (text: string) => Promise<string> },
  ) => Promise<void>,
): Promise<{ answer: string; stty: string }> {
  const dir = await Deno.makeTempDir({ prefix: "tui-tmux-" });
  const socket = `instance-sync-test-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  const answer = `${dir}/answer.txt`;
  const stty = `${dir}/stty.txt`;
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const script = `${q(Deno.execPath())} run -A --config ${q(CONFIG)} ${q(demo)} ${q(answer)}; ` +
    `stty -a > ${q(stty)}; echo DEMO-EXITED; sleep 600`;
  let screen = "";
  try {
    await tmux(socket, "new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", "sh", "-c", script);
    const capture = async () => (screen = await tmux(socket, "capture-pane", "-p", "-t", "demo"));
    const screenWith = async (text: string) => {
      const end = Date.now() + 30_000;
      while (!(await capture()).includes(text)) {
        if (Date.now() > end) {
          throw new Error(`Timed out waiting for ${JSON.stringify(text)} on screen:\n${screen}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return screen;
    };
    const keys = async (...k: string[]) => {
      for (const key of k) {
        // "Down Enter" is one send-keys call: both keys reach the program in one burst.
        await tmux(socket, "send-keys", "-t", "demo", ...key.split(" "));
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    await drive({ keys, screenWith });
    await screenWith("DEMO-EXITED");
    const cursor = (await tmux(socket, "display-message", "-p", "-t", "demo", "#{cursor_flag}")).trim();
    assert.equal(cursor, "1", "the cursor was left hidden");
    return { answer: await Deno.readTextFile(answer), stty: await Deno.readTextFile(stty) };
  } finally {
    await tmux(socket, "kill-server").catch(() => {});
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
