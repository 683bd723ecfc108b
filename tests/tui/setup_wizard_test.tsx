import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { Credentials } from "../../core/ui.ts";
import { type CheckResult, SetupWizard } from "../../tui/SetupWizard.tsx";
import { KEY, plain, press, tick, waitFor } from "./helpers.ts";

const PASSWORD = "hunter2-Secret";

/** A check whose answers the test hands out one by one, recording what it was asked. */
function scriptedCheck(...results: CheckResult[]) {
  const calls: Credentials[] = [];
  return {
    calls,
    check: (c: Credentials) => {
      calls.push(c);
      return Promise.resolve(results.shift() ?? "ok");
    },
  };
}

function mount(check?: (c: Credentials) => Promise<CheckResult>) {
  const done: (Credentials | "cancelled")[] = [];
  const r = render(
    <SetupWizard check={check} onComplete={(c) => done.push(c)} onCancel={() => done.push("cancelled")} />,
  );
  return { r, done, frame: () => plain(r.lastFrame()) };
}

/** Accepts the prefilled url, types the id and the password. */
async function fillIn(r: ReturnType<typeof render>, id = "123456789", password = PASSWORD) {
  await tick();
  await press(r.stdin, KEY.enter, id, KEY.enter, password, KEY.enter);
}

Deno.test("SetupWizard prefills the server url and completes with the credentials the check accepted", async () => {
  const s = scriptedCheck("ok");
  const { r, done, frame } = mount(s.check);
  try {
    await tick();
    assert.ok(frame().includes("Step 1 of 3 · Server"));
    assert.ok(frame().includes("https://cloud.tm.center"));
    await fillIn(r);
    await waitFor(() => done.length > 0, "onComplete");
    const want = { url: "https://cloud.tm.center", id: "123456789", password: PASSWORD };
    assert.deepEqual(done, [want]);
    assert.deepEqual(s.calls, [want]);
    assert.ok(frame().includes("✔ Connected to https://cloud.tm.center as 123456789"));
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard masks the password: the typed password appears in no frame", async () => {
  const { r, done } = mount(scriptedCheck("auth").check);
  try {
    await tick();
    await press(r.stdin, KEY.enter, "123456789", KEY.enter, "hunter2", "-Secret");
    assert.ok(plain(r.lastFrame()).includes("*".repeat(PASSWORD.length)), "stars stand for the password");
    await press(r.stdin, KEY.enter);
    await waitFor(() => plain(r.lastFrame()).includes("refused"), "the auth failure");
    for (const f of r.frames) {
      assert.ok(!f.includes("hunter2") && !f.includes("Secret"), "a frame shows the password");
    }
    assert.deepEqual(done, []);
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard shows a spinner while the connection check runs", async () => {
  let release: (r: CheckResult) => void = () => {};
  const { r, frame } = mount(() => new Promise((res) => (release = res)));
  try {
    await fillIn(r);
    assert.ok(frame().includes("Checking the connection to https://cloud.tm.center…"), frame());
    release("ok");
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard tells wrong credentials and an unreachable server apart", async () => {
  const auth = mount(scriptedCheck("auth").check);
  const offline = mount(scriptedCheck("offline").check);
  const other = mount(scriptedCheck({ error: "TLS certificate expired" }).check);
  try {
    await Promise.all([fillIn(auth.r), fillIn(offline.r), fillIn(other.r)]);
    await tick();
    assert.ok(auth.frame().includes("✘ The server refused this Discord id and password."), auth.frame());
    assert.ok(!auth.frame().includes("Cannot reach"));
    assert.ok(offline.frame().includes('✘ Cannot reach "https://cloud.tm.center"'), offline.frame());
    assert.ok(!offline.frame().includes("refused"));
    assert.ok(other.frame().includes("✘ The connection check failed: TLS certificate expired"));
    assert.ok(
      auth.frame().includes("❯ Re-enter the Discord id and password"),
      "auth suggests new credentials",
    );
    assert.ok(offline.frame().includes("❯ Try again"), "offline suggests a retry");
  } finally {
    auth.r.unmount();
    offline.r.unmount();
    other.r.unmount();
  }
});

Deno.test("SetupWizard lets the player re-enter credentials after an auth failure", async () => {
  const s = scriptedCheck("auth", "ok");
  const { r, done, frame } = mount(s.check);
  try {
    await fillIn(r, "123456789", "wrong");
    await tick();
    await press(r.stdin, KEY.enter); // "Re-enter the Discord id and password" is highlighted
    assert.ok(frame().includes("Step 2 of 3 · Discord id"));
    assert.ok(frame().includes("123456789"), "the id is kept");
    await press(r.stdin, KEY.enter, PASSWORD, KEY.enter);
    await waitFor(() => done.length > 0, "onComplete");
    assert.deepEqual(done, [{ url: "https://cloud.tm.center", id: "123456789", password: PASSWORD }]);
    assert.equal(s.calls.length, 2);
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard retries the check after the server was unreachable", async () => {
  const s = scriptedCheck("offline", "ok");
  const { r, done } = mount(s.check);
  try {
    await fillIn(r);
    await tick();
    await press(r.stdin, KEY.enter); // "Try again"
    await waitFor(() => done.length > 0, "onComplete");
    assert.equal(s.calls.length, 2);
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard Escape goes back a step and cancels on the first step", async () => {
  const { r, done, frame } = mount(scriptedCheck().check);
  try {
    await tick();
    await press(r.stdin, KEY.enter);
    assert.ok(frame().includes("Step 2 of 3"));
    await press(r.stdin, KEY.escape);
    assert.ok(frame().includes("Step 1 of 3"));
    assert.deepEqual(done, []);
    await press(r.stdin, KEY.escape);
    assert.deepEqual(done, ["cancelled"]);
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard Ctrl+C cancels from any step", async () => {
  const { r, done } = mount(scriptedCheck().check);
  try {
    await tick();
    await press(r.stdin, KEY.enter, "42", KEY.enter, KEY.ctrlC);
    assert.deepEqual(done, ["cancelled"]);
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard refuses an empty id and an id with a colon", async () => {
  const { r, frame } = mount(scriptedCheck().check);
  try {
    await tick();
    await press(r.stdin, KEY.enter, KEY.enter);
    assert.ok(frame().includes("The Discord id cannot be empty"), frame());
    await press(r.stdin, "a:b", KEY.enter);
    assert.ok(frame().includes('cannot contain spaces, "/" or ":"'));
    assert.ok(frame().includes("Step 2 of 3"));
  } finally {
    r.unmount();
  }
});

Deno.test("SetupWizard without a check completes right after the password", async () => {
  const { r, done } = mount();
  try {
    await fillIn(r, "7");
    assert.deepEqual(done, [{ url: "https://cloud.tm.center", id: "7", password: PASSWORD }]);
  } finally {
    r.unmount();
  }
});
