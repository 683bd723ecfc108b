/**
 * The hook's side of the window protocol, with a shell script standing in for the window (no X needed):
 * it injects what a real window cannot do on demand — a forged answer, a crash before answering, a
 * terminal that never starts the dialog. The real windows are in tests/e2e/window_test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { openDialogWindow, type OpenOptions } from "../../../cli/window/open.ts";
import { WindowPrompter } from "../../../cli/window/prompter.ts";
import { ConflictError } from "../../../core/errors.ts";
import { skipIf } from "../../helpers/skip.ts";

const posixOnly = skipIf(
  Deno.build.os === "windows",
  "window protocol tests",
  "the stand-in window is an sh script",
);

/** A stand-in window: `script` runs in sh with $Q = the question file, $O = pid file, $A = answer file. */
function options(configDir: string, script: string, extra: Partial<OpenOptions> = {}): OpenOptions {
  const prelude = 'Q="$1"; B="${Q%.question.json}"; O="$B.open.json"; A="$B.answer.json"; ' +
    `N=$(sed -n 's/.*"nonce":"\\([0-9a-f]*\\)".*/\\1/p' "$Q"); `;
  return {
    configDir,
    env: { ...Deno.env.toObject(), INSTANCE_SYNC_TERMINAL: "{}" }, // "{}": run the command itself, no terminal
    os: Deno.build.os,
    timeoutMs: 20_000,
    title: "t",
    onOpen: () => {},
    command: (q) => ["sh", "-c", prelude + script, "window", q],
    ...extra,
  };
}

const QUESTION = { kind: "confirm" as const, question: "Upload anyway?" };

async function leftovers(dir: string): Promise<string[]> {
  const out = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out;
}

Deno.test({
  name: "an answer carrying the question's nonce comes back; the private question file is removed afterwards",
  ignore: posixOnly,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const script =
      `{ stat -c %a "$Q" 2>/dev/null || stat -f %Lp "$Q"; } > "${dir}/mode.txt"; echo "{\\"pid\\":$$}" > "$O"; ` +
      `echo "{\\"nonce\\":\\"$N\\",\\"answer\\":{\\"worlds\\":{\\"World\\":\\"both\\"}}}" > "$A"; sleep 5`;
    const opened: string[] = [];
    const r = await openDialogWindow(QUESTION, options(dir, script, { onOpen: (t) => opened.push(t) }));
    assert.deepEqual(r, { kind: "answer", answer: { worlds: { World: "both" } } });
    assert.equal((await Deno.readTextFile(join(dir, "mode.txt"))).trim(), "600");
    assert.deepEqual(await leftovers(dir), ["mode.txt"]);
  },
});

Deno.test({
  name: "a forged answer (wrong nonce or shape) counts as cancel, never as a choice",
  ignore: posixOnly,
  fn: async () => {
    for (const forged of ['{"nonce":"0000","answer":"use-cloud"}', '{"nonce":"$N","answer":"rm -rf"}']) {
      const dir = await Deno.makeTempDir();
      const script = `echo "{\\"pid\\":$$}" > "$O"; echo '${forged}' | sed "s/\\$N/$N/" > "$A"; sleep 5`;
      const r = await openDialogWindow(QUESTION, options(dir, script));
      assert.deepEqual(r, { kind: "answer", answer: "cancel" }, forged);
    }
  },
});

Deno.test({
  name: "a window that dies without answering is 'closed'; one that never starts its dialog is 'unavailable'",
  ignore: posixOnly,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const closed = await openDialogWindow(QUESTION, options(dir, `echo "{\\"pid\\":$$}" > "$O"; sleep 0.5`));
    assert.deepEqual(closed, { kind: "closed" });
    const never = await openDialogWindow(QUESTION, options(dir, "exit 0", { startupMs: 700 }));
    assert.equal(never.kind, "unavailable");
    assert.match((never as { why: string }).why, /did not start within 1 s/);
    const timeout = await openDialogWindow(
      QUESTION,
      options(dir, `echo "{\\"pid\\":$$}" > "$O"; sleep 30`, { timeoutMs: 800 }),
    );
    assert.deepEqual(timeout, { kind: "timeout" });
    assert.deepEqual(await leftovers(dir), [], "every dialog file removed");
  },
});

Deno.test("without a desktop the prompter says why and stops as headless does: abort, or the guard's own message", async () => {
  const lines: string[] = [];
  const p = new WindowPrompter({
    packFolder: "/p",
    configDir: "/p/.cloud-sync",
    env: {},
    os: "linux",
    timeoutSeconds: 900,
    err: (l) => lines.push(l),
  });
  const description = { instanceLabel: "Pack" } as Parameters<WindowPrompter["chooseConflict"]>[0];
  assert.equal(await p.chooseConflict(description), "abort");
  await assert.rejects(p.confirm("Upload anyway?", "Every world would be removed"), (e) => {
    assert.ok(e instanceof ConflictError);
    assert.equal(e.message, "Every world would be removed");
    return true;
  });
  assert.equal(await p.confirmForkPush(description), true, "a fork push uploads, as headless");
  const playing = {
    machine: "m",
    displayName: "desktop",
    since: new Date().toISOString(),
    snapshot: null,
    stale: false,
    instanceLabel: "Pack",
  };
  assert.equal(await p.confirmPlayingElsewhere(playing), "abort", "nobody asked: core warns and plays");
  assert.deepEqual(lines, [
    "instance-sync: No dialog window opened: no desktop session ($DISPLAY and $WAYLAND_DISPLAY are not set)",
    "instance-sync: No dialog window opened: no desktop session ($DISPLAY and $WAYLAND_DISPLAY are not set)",
    "instance-sync: No dialog window opened: no desktop session ($DISPLAY and $WAYLAND_DISPLAY are not set)",
  ]);
});
