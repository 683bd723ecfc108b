import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { DirectoryEntry } from "../../core/directory/directory.ts";
import { type JoinAnswer, JoinStep } from "../../tui/JoinStep.tsx";
import { KEY, plain, press, tick, waitFor } from "./helpers.ts";

const entry = (id: string, label: string, host: string): DirectoryEntry => ({
  instance_id: id,
  label,
  created_by: { host },
  created_at: "2026-11-29T18:00:00Z",
});
const ENTRIES = [
  entry("01KA0000000000000000000001", "Skyblock", "desktop"),
  entry("01KA0000000000000000000002", "Survival Pack", "desktop"),
];

function mount(load: () => Promise<DirectoryEntry[]>, preferLabel?: string) {
  const done: (JoinAnswer | "cancelled")[] = [];
  const r = render(
    <JoinStep
      load={load}
      preferLabel={preferLabel}
      onChoice={(a) => done.push(a)}
      onCancel={() => done.push("cancelled")}
    />,
  );
  return { r, done, frame: () => plain(r.lastFrame()) };
}

Deno.test("JoinStep lists the account's instances and preselects the one named like $INST_NAME", async () => {
  const { r, done, frame } = mount(() => Promise.resolve(ENTRIES), "survival pack");
  try {
    await waitFor(() => frame().includes("Start a new instance"), "the list");
    assert.match(frame(), /❯ Join "Survival Pack"/);
    assert.match(frame(), /Join "Skyblock"/);
    assert.match(frame(), /set up on desktop 2026-11-29 18:00/);
    await tick(); // the list's key handler is attached after its first frame
    await press(r.stdin, KEY.enter);
    await waitFor(() => done.length > 0, "the answer");
    assert.deepEqual(done, [{ kind: "join", entry: ENTRIES[1] }]);
  } finally {
    r.unmount();
  }
});

Deno.test("JoinStep preselects a new instance when no instance has the given label", async () => {
  const { r, done, frame } = mount(() => Promise.resolve(ENTRIES), "Vanilla 1.21");
  try {
    await waitFor(() => frame().includes("Start a new instance"), "the list");
    assert.match(frame(), /❯ Start a new instance/);
    await tick(); // the list's key handler is attached after its first frame
    await press(r.stdin, KEY.enter);
    await waitFor(() => done.length > 0, "the answer");
    assert.deepEqual(done, [{ kind: "new" }]);
  } finally {
    r.unmount();
  }
});

Deno.test("JoinStep starts a new instance when chosen, and at once when the account has none", async () => {
  const some = mount(() => Promise.resolve(ENTRIES));
  const none = mount(() => Promise.resolve([]));
  try {
    await waitFor(() => some.frame().includes("Start a new instance"), "the list");
    await tick();
    assert.match(some.frame(), /❯ Join "Skyblock"/, "no $INST_NAME: the newest is highlighted");
    await press(some.r.stdin, KEY.down, KEY.down, KEY.enter);
    await waitFor(() => some.done.length > 0, "the answer");
    assert.deepEqual(some.done, [{ kind: "new" }]);
    await waitFor(() => none.done.length > 0, "the answer");
    assert.deepEqual(none.done, [{ kind: "new" }]);
  } finally {
    some.r.unmount();
    none.r.unmount();
  }
});

Deno.test("JoinStep says why it cannot list, offers only a new instance or cancel, and Escape cancels", async () => {
  let fail: (e: Error) => void = () => {};
  const { r, done, frame } = mount(() => new Promise((_, reject) => (fail = reject)));
  try {
    await tick();
    assert.match(frame(), /Looking up the instances you already sync/);
    fail(new Error('Cannot reach "rest:https://me:***@sync.example/me/instances/"'));
    await waitFor(() => frame().includes("Could not read your instances"), "the error");
    assert.ok(!frame().includes('Join "'));
    assert.match(frame(), /❯ Start a new instance/);
    await tick(); // the list's key handler is attached after its first frame
    await press(r.stdin, KEY.escape);
    await waitFor(() => done.length > 0, "the answer");
    assert.deepEqual(done, ["cancelled"]);
  } finally {
    r.unmount();
  }
});
