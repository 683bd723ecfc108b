import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import { type LocationAnswer, RcloneStep } from "../../tui/RcloneStep.tsx";
import { KEY, plain, press, tick, waitFor } from "./helpers.ts";

function mount(
  remotes: string[] | null,
  checkFolder = (_r: string, _f: string): Promise<string | null> => Promise.resolve(null),
) {
  const done: (LocationAnswer | "cancelled")[] = [];
  const checked: string[] = [];
  const r = render(
    <RcloneStep
      listRemotes={() => Promise.resolve(remotes)}
      checkFolder={(remote, folder) => (checked.push(`${remote}:${folder}`), checkFolder(remote, folder))}
      onComplete={(a) => done.push(a)}
      onCancel={() => done.push("cancelled")}
    />,
  );
  return { r, done, checked, frame: () => plain(r.lastFrame()) };
}

Deno.test("the cloud-drive step lists rclone's remotes, checks the folder and returns rclone:<remote>:<folder>", async () => {
  const { r, done, checked, frame } = mount(["gdrive", "onedrive"]);
  try {
    await waitFor(() => frame().includes("A cloud drive through rclone"), "the first question");
    await tick();
    await press(r.stdin, KEY.down, KEY.enter);
    await waitFor(() => frame().includes("onedrive"), "the remotes");
    await tick();
    await press(r.stdin, KEY.down, KEY.enter);
    await waitFor(() => frame().includes('Folder on "onedrive"'), "the folder question");
    await tick();
    await press(r.stdin, "\u0015"); // Ctrl+U clears the suggested folder
    r.stdin.write("games/minecraft/");
    await press(r.stdin, KEY.enter);
    await waitFor(() => frame().includes("Password"), "the password question");
    assert.deepEqual(checked, ["onedrive:games/minecraft"]);
    await tick(); // the field's key handler is attached after its first frame
    r.stdin.write("s3cret");
    await tick();
    assert.ok(!frame().includes("s3cret"), "the password is masked");
    await press(r.stdin, KEY.enter);
    await waitFor(() => done.length > 0, `the answer: ${frame()}`);
    assert.deepEqual(done, [{ kind: "rclone", url: "rclone:onedrive:games/minecraft", password: "s3cret" }]);
  } finally {
    r.unmount();
  }
});

Deno.test("the cloud-drive step says where to get rclone when it is not installed", async () => {
  const { r, done, frame } = mount(null);
  try {
    await waitFor(() => frame().includes("A cloud drive through rclone"), "the first question");
    await tick();
    await press(r.stdin, KEY.down, KEY.enter);
    await waitFor(() => frame().includes("rclone is not installed"), "the missing-rclone message");
    assert.match(frame(), /https:\/\/rclone\.org\/install\//);
    await tick();
    await press(r.stdin, KEY.enter); // "Back"
    await waitFor(() => frame().includes("Where should this instance sync?"), "the first question again");
    await tick();
    await press(r.stdin, KEY.enter); // "A sync server"
    await waitFor(() => done.length > 0, "the answer");
    assert.deepEqual(done, [{ kind: "server" }]);
  } finally {
    r.unmount();
  }
});

Deno.test("the cloud-drive step shows a folder rclone cannot write and asks for it again", async () => {
  const { r, done, checked, frame } = mount(
    ["gdrive"],
    (_r, f) => Promise.resolve(f === "ro" ? 'rclone cannot use "gdrive:ro": permission denied' : null),
  );
  try {
    await waitFor(() => frame().includes("A cloud drive through rclone"), "the first question");
    await tick();
    await press(r.stdin, KEY.down, KEY.enter);
    await waitFor(() => frame().includes("gdrive"), "the remotes");
    await tick();
    await press(r.stdin, KEY.enter);
    await waitFor(() => frame().includes('Folder on "gdrive"'), "the folder question");
    await press(r.stdin, "\u0015", "ro", KEY.enter); // Ctrl+U clears the default first
    await waitFor(() => frame().includes("permission denied"), "the problem");
    assert.match(frame(), /Folder on "gdrive"/, "asked again");
    assert.equal(done.length, 0);
    await press(r.stdin, KEY.ctrlC);
    await waitFor(() => done.length > 0, `the cancel: ${frame()}`);
    assert.deepEqual(done, ["cancelled"]);
    assert.deepEqual(checked, ["gdrive:ro"]);
  } finally {
    r.unmount();
  }
});
