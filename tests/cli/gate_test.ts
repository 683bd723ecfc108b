import assert from "node:assert/strict";
import { join } from "node:path";
import { hookGate, routeHook } from "../../cli/gate.ts";
import { silentContext } from "../helpers/cli.ts";

Deno.test("hookGate ends a pull/push on a folder that is not opted in, and nothing else", async () => {
  const dir = await Deno.makeTempDir();
  const env = { INST_MC_DIR: dir };
  assert.equal(hookGate(["pull"], env, "/"), true);
  assert.equal(
    hookGate(["push", `--pack-folder=${dir}`, "--json", "-g", "--on-conflict=abort"], {}, "/"),
    true,
  );
  assert.equal(hookGate(["push", "--pack-folder", dir, "--offline", "abort"], {}, "/"), true);
  // Everything the full CLI must see: other commands, unknown flags, bad values, missing folders.
  assert.equal(hookGate(["status"], env, "/"), false, "status is never ended by the gate");
  assert.equal(hookGate(["pull", "--frobnicate"], env, "/"), false);
  assert.equal(hookGate(["pull", "--on-conflict=maybe"], env, "/"), false);
  assert.equal(hookGate(["pull", "--stall-timeout=-1"], env, "/"), false);
  assert.equal(hookGate(["pull", "--pack-folder"], env, "/"), false);
  assert.equal(hookGate(["pull", "--help"], env, "/"), false);
  assert.equal(hookGate(["pull", `--pack-folder=${join(dir, "missing")}`], {}, "/"), false);
  await Deno.mkdir(join(dir, ".cloud-sync"));
  await Deno.writeTextFile(join(dir, ".cloud-sync/sync.json"), "{}");
  assert.equal(hookGate(["pull"], env, "/"), false, "an opted-in folder goes through the full CLI");
});

/** Parses `args` with the full CLI's commander surface and returns the options the action received. */
async function commanderFlags(args: string[]): Promise<Record<string, unknown>> {
  const { buildProgram } = await import("../../cli/program.ts");
  const program = buildProgram(silentContext());
  let got: Record<string, unknown> | undefined;
  for (const c of program.commands) {
    // The command's real action imports and runs the sync; this one only keeps what commander parsed.
    if (c.name() === args[0]) {
      c.action(function (this: { opts(): Record<string, unknown> }) {
        got = this.opts();
      });
    }
  }
  await program.parseAsync(args, { from: "user" });
  assert.ok(got, `commander ran no ${args[0]} action`);
  return { ...got };
}

Deno.test("the quick lane parses pull, push, status and history exactly as commander does, or hands them on", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, ".cloud-sync"));
  await Deno.writeTextFile(join(dir, ".cloud-sync/sync.json"), "{}");
  const lines = [
    ["pull"],
    ["push", `--pack-folder=${dir}`],
    ["pull", "--pack-folder", dir, "--on-conflict", "keep-both", "--offline=abort", "--allow-mass-delete"],
    ["push", "-g", "--json", "--no-download", "--stall-timeout=2.5", "--dialog-timeout", "30", "--no-color"],
    ["pull", "--no-gui", "--token-file=t", "--restic-binary", "/r", "--instance-label=My Pack"],
    ["pull", "--offline=allow", "--offline=abort", `--pack-folder=${dir}`], // the last value wins
    ["pull", "--dialog=browser"],
    ["push", "--dialog", "none", "--dialog-timeout=5"],
    ["pull", "--on-playing-elsewhere=cancel"],
    ["push", "--on-playing-elsewhere", "play", "--on-conflict=abort"], // hidden on push: one flag set for both hooks
    ["status"],
    ["status", "--json", `--pack-folder=${dir}`, "--no-download", "--token-file", "t"],
    ["history", "-g", "--world", "My World", "--instance-label=x"],
    ["history", "--no-gui", "--json", "--restic-binary=/r", "--no-color"],
  ];
  for (const args of lines) {
    const route = routeHook(args, { INST_MC_DIR: dir }, "/");
    assert.equal(route.kind, "lane", args.join(" "));
    if (route.kind !== "lane") continue;
    assert.equal(route.command, args[0]);
    assert.deepEqual({ ...route.flags }, await commanderFlags(args), args.join(" "));
  }
  const full = [
    ["pull", "--frobnicate"],
    ["pull", "--offline=maybe"],
    ["pull", "--dialog=popup"],
    ["pull", "--on-playing-elsewhere=maybe"],
    ["status", "--on-playing-elsewhere=play"],
    ["push", "--help"],
    ["status", "-g"], // status has no --no-gui
    ["status", "--world=x"],
    ["history", "--on-conflict=abort"],
    ["resolve"],
    ["browse"],
    ["toString"],
  ];
  for (const args of full) {
    assert.equal(routeHook(args, { INST_MC_DIR: dir }, "/").kind, "full", args.join(" "));
  }
});
