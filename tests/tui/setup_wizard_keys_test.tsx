/**
 * The setup wizard's fields edit like a shell line and refuse a url `init` would refuse; the spinner
 * is gone once the result shows (docs/troubleshooting.md). Keys go in as the bytes a terminal sends.
 */
import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { Credentials } from "../../core/ui.ts";
import { SetupWizard } from "../../tui/SetupWizard.tsx";
import { KEY, plain, press, tick, waitFor } from "./helpers.ts";

const CTRL = { a: "\u0001", e: "\u0005", u: "\u0015", w: "\u0017" } as const;
const HOME = "\u001B[H";
const END = "\u001B[F";

function mount(check = (_c: Credentials) => Promise.resolve("ok" as const)) {
  const done: { credentials: Credentials; frameThen: string }[] = [];
  const r = render(
    <SetupWizard
      check={check}
      onComplete={(c) => done.push({ credentials: c, frameThen: plain(r.lastFrame()) })}
      onCancel={() => {}}
    />,
  );
  return { r, done, frame: () => plain(r.lastFrame()) };
}

/** The field's line: the prompt character and what follows it. */
function fieldLine(frame: string): string {
  return frame.split("\n").find((l) => l.startsWith("❯"))?.slice(1).trim() ?? "";
}

Deno.test("SetupWizard's url field clears with Ctrl+U and takes the url typed after it", async () => {
  const { r, done, frame } = mount();
  try {
    await tick();
    assert.equal(fieldLine(frame()), "https://cloud.tm.center");
    await press(r.stdin, CTRL.u);
    assert.equal(fieldLine(frame()), "", frame());
    await press(r.stdin, "https://sync.example.org", KEY.enter, "42", KEY.enter, "pw", KEY.enter);
    await waitFor(() => done.length > 0, "onComplete");
    assert.equal(done[0].credentials.url, "https://sync.example.org");
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard's fields take Ctrl+W, Ctrl+A/E and Home/End like a shell", async () => {
  const { r, frame } = mount();
  try {
    await tick();
    await press(r.stdin, CTRL.w); // "https://cloud.tm.center" → "https://"
    assert.equal(fieldLine(frame()), "https://");
    await press(r.stdin, "sync.example.org/mc", CTRL.w);
    assert.equal(fieldLine(frame()), "https://sync.example.org/");
    await press(r.stdin, CTRL.a, "x", END, "y", HOME, "z", CTRL.e, "w");
    assert.equal(fieldLine(frame()), "zxhttps://sync.example.org/yw");
    await press(r.stdin, CTRL.a, KEY.right, KEY.right, CTRL.u);
    assert.equal(fieldLine(frame()), "https://sync.example.org/yw");
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard refuses a url init would refuse, says why, and lets the player fix it", async () => {
  const { r, frame } = mount();
  try {
    await tick();
    await press(r.stdin, CTRL.u, "htps://sync.example.org", KEY.enter);
    assert.ok(frame().includes("Step 1 of 3"), frame());
    assert.match(frame().replace(/\n/g, " "), /"htps:" is not a known kind/);
    assert.match(frame().replace(/\n/g, " "), /a folder path/);
    await press(r.stdin, CTRL.a, KEY.right, "t", KEY.enter);
    assert.ok(frame().includes("Step 2 of 3"), frame());
    assert.ok(frame().includes("Server: https://sync.example.org"), frame());
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard completes only once the result has replaced the spinner", async () => {
  const { r, done, frame } = mount(() => new Promise((res) => setTimeout(() => res("ok"), 150)));
  try {
    await tick();
    await press(r.stdin, KEY.enter, "42", KEY.enter, "pw", KEY.enter);
    assert.ok(frame().includes("Checking the connection"), frame());
    await waitFor(() => done.length > 0, "onComplete");
    assert.ok(done[0].frameThen.includes("✔ Connected to https://cloud.tm.center as 42"), done[0].frameThen);
    assert.ok(!done[0].frameThen.includes("Checking the connection"), done[0].frameThen);
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard submits a field when a pasted value ends in a newline", async () => {
  const { r, done, frame } = mount();
  try {
    await tick();
    await press(r.stdin, CTRL.u, "https://sync.example.org\n");
    await waitFor(() => frame().includes("Discord id"), "the id step");
    await press(r.stdin, "42\r\n", "secret password\n");
    await waitFor(() => done.length > 0, "onComplete");
    assert.deepEqual(done[0].credentials, {
      url: "https://sync.example.org",
      id: "42",
      password: "secret password",
    });
  } finally {
    r.unmount();
  }
});
