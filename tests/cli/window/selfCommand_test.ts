/** The command that runs in the window: the compiled binary, or `deno run` with the script (docs/dialogs.md). */
import assert from "node:assert/strict";
import { currentSelf, selfCommand } from "../../../cli/window/selfCommand.ts";
import { ROOT } from "../../helpers/cli.ts";
import { skipIf } from "../../helpers/skip.ts";

Deno.test("a compiled binary runs itself; no deno flags, no script", () => {
  const argv = selfCommand(
    {
      execPath: "/home/me/.local/bin/instance-sync",
      standalone: true,
      mainModule: "file:///tmp/deno-compile-x/cli/main.ts",
    },
    ["dialog", "/p/q.json"],
  );
  assert.deepEqual(argv, ["/home/me/.local/bin/instance-sync", "dialog", "/p/q.json"]);
});

Deno.test({
  name: "under deno run: the deno executable, -A, the project's deno.json and the main script",
  // POSIX file URLs; Windows paths would need drive letters in the fixture.
  ignore: skipIf(Deno.build.os === "windows", "deno run form", "the fixture uses POSIX paths"),
  fn: () => {
    const argv = selfCommand(
      {
        execPath: "/usr/bin/deno",
        standalone: false,
        mainModule: "file:///src/my%20sync/cli/main.ts",
        config: "/src/my sync/deno.json",
      },
      ["dialog", "/p/q.json"],
    );
    assert.deepEqual(argv, [
      "/usr/bin/deno",
      "run",
      "-A",
      "--quiet",
      "--config=/src/my sync/deno.json",
      "/src/my sync/cli/main.ts",
      "dialog",
      "/p/q.json",
    ]);
  },
});

Deno.test("this test process is not compiled and finds the checkout's deno.json", () => {
  const self = currentSelf();
  assert.equal(self.standalone, false);
  assert.equal(self.execPath, Deno.execPath());
  assert.equal(self.config, `${ROOT}deno.json`);
});
