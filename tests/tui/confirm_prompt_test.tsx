import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import { ConfirmPrompt } from "../../tui/ConfirmPrompt.tsx";
import { KEY, plain, press, tick } from "./helpers.ts";

async function drive(keys: string[], defaultYes = false) {
  const answers: boolean[] = [];
  const r = render(
    <ConfirmPrompt
      question="Roll back to snapshot 1a2b3c4d?"
      detail="The current files are first saved as a snapshot tagged pre-restore."
      defaultYes={defaultYes}
      onChoice={(yes) => answers.push(yes)}
    />,
  );
  try {
    await tick();
    const before = plain(r.lastFrame());
    await press(r.stdin, ...keys);
    return { answers, before };
  } finally {
    r.unmount();
  }
}

Deno.test("ConfirmPrompt shows the question and detail with No highlighted", async () => {
  const { before } = await drive([]);
  assert.ok(before.includes("Roll back to snapshot 1a2b3c4d?"));
  assert.ok(before.includes("saved as a snapshot tagged pre-restore"));
  assert.ok(before.includes("❯ No (n)"), before);
});

Deno.test("ConfirmPrompt returns false on enter by default", async () => {
  assert.deepEqual((await drive([KEY.enter])).answers, [false]);
});

Deno.test("ConfirmPrompt returns true after one arrow up and enter", async () => {
  assert.deepEqual((await drive([KEY.up, KEY.enter])).answers, [true]);
});

Deno.test("ConfirmPrompt returns true on y and false on n", async () => {
  assert.deepEqual((await drive(["y"])).answers, [true]);
  assert.deepEqual((await drive(["n"], true)).answers, [false]);
});

Deno.test("ConfirmPrompt returns false on Escape and on Ctrl+C", async () => {
  assert.deepEqual((await drive([KEY.escape], true)).answers, [false]);
  assert.deepEqual((await drive([KEY.ctrlC], true)).answers, [false]);
});
