/** `instance-sync` with no command: the home screen only for a person at a terminal, else today's help. */
import assert from "node:assert/strict";
import { runCliProcess } from "../helpers/cli.ts";

Deno.test("instance-sync with no command and no terminal prints the help as --help does (no home screen)", async () => {
  const bare = await runCliProcess([]);
  const help = await runCliProcess(["--help"]);
  assert.equal(bare.code, 2); // commander: no command given
  assert.equal(help.code, 0);
  assert.match(bare.stderr, /^Usage: instance-sync \[options\] \[command\]/);
  assert.equal(bare.stderr, help.stdout);
  assert.match(help.stdout, /\n {2}doctor \[options\] +check what would stop a launch from syncing/);
});
