import { skipIf } from "../helpers/skip.ts";
import assert from "node:assert/strict";
import { buildProgram } from "../../cli/program.ts";
import { silentContext } from "../helpers/cli.ts";
import { runCompletions, type Shell } from "../../cli/commands/completions.ts";
import { useColor } from "../../cli/ui/color.ts";

function program() {
  return buildProgram(silentContext());
}

function script(shell: Shell): string {
  let text = "";
  runCompletions(shell, program(), (t) => text += t + "\n");
  return text;
}

async function run(cmd: string, args: string[], input?: string): Promise<{ code: number; out: string }> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: input === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (input !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(input));
    await w.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

function has(cmd: string): boolean {
  try {
    new Deno.Command(cmd, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    return false;
  }
}

/** What the bash completion offers for the words typed so far (the last word is being completed). */
async function bashComplete(words: string[]): Promise<string[]> {
  // The script comes on stdin, not from a temp file: Git Bash on Windows would need the path converted.
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const r = await run(
    "bash",
    ["-s"],
    [
      script("bash"),
      `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}`,
      `_instance_sync; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ].join("\n"),
  );
  assert.equal(r.code, 0, r.out);
  return r.out.split("\n").filter((l) => l !== "");
}

Deno.test("the bash completion names every command of the program", () => {
  const text = script("bash");
  for (const c of program().commands) assert.match(text, new RegExp(`\\b${c.name()}\\b`), c.name());
  assert.match(text, /complete -F _instance_sync instance-sync/);
});

Deno.test("bash -n accepts the bash completion script", {
  ignore: skipIf(!has("bash"), "bash completion", "bash is not installed"),
}, async () => {
  const r = await run("bash", ["-n"], script("bash"));
  assert.equal(r.code, 0, r.out);
});

Deno.test("the bash completion offers commands, then the options of the command typed", async () => {
  assert.deepEqual(await bashComplete(["instance-sync", "pu"]), ["pull", "push"]);
  const pullOpts = await bashComplete(["instance-sync", "pull", "--"]);
  for (const o of ["--pack-folder", "--on-conflict", "--offline", "--json", "--no-gui", "--help"]) {
    assert.ok(pullOpts.includes(o), `${o} in ${pullOpts.join(" ")}`);
  }
  assert.ok(!(await bashComplete(["instance-sync", "disable", "--"])).includes("--on-conflict"));
});

Deno.test("the bash completion offers the choices of --on-conflict and --offline, with or without =", async () => {
  assert.deepEqual(await bashComplete(["instance-sync", "pull", "--on-conflict", ""]), [
    "abort",
    "keep-local",
    "use-cloud",
    "keep-both",
  ]);
  assert.deepEqual(await bashComplete(["instance-sync", "push", "--offline", "=", "a"]), ["allow", "abort"]);
});

Deno.test("the fish completion declares every command and the option choices", () => {
  const text = script("fish");
  assert.match(text, /^complete -c instance-sync /m);
  for (const c of program().commands) {
    assert.match(text, new RegExp(`__fish_use_subcommand -a ${c.name()} `), c.name());
  }
  assert.match(
    text,
    /__fish_seen_subcommand_from pull' -l on-conflict -x -a 'abort keep-local use-cloud keep-both'/,
  );
  assert.match(text, /__fish_seen_subcommand_from push' -l offline -x -a 'allow abort'/);
});

Deno.test("fish -n accepts the fish completion script", {
  ignore: skipIf(!has("fish"), "fish completion", "fish is not installed"),
}, async () => {
  const r = await run("fish", ["--no-execute"], script("fish"));
  assert.equal(r.code, 0, r.out);
});

Deno.test(
  "fish completes the choices of --on-conflict from the script",
  { ignore: skipIf(!has("fish"), "fish completion", "fish is not installed") },
  async () => {
    const file = await Deno.makeTempFile({ suffix: ".fish" });
    try {
      await Deno.writeTextFile(file, script("fish"));
      const r = await run("fish", [
        "-c",
        `source '${file}'; complete -C 'instance-sync pull --on-conflict '`,
      ]);
      assert.deepEqual(r.out.split("\n").filter((l) => l).map((l) => l.split("\t")[0]), [
        "abort",
        "keep-both",
        "keep-local",
        "use-cloud",
      ]);
    } finally {
      await Deno.remove(file);
    }
  },
);

Deno.test("the zsh completion is a #compdef script that lists every command", () => {
  const text = script("zsh");
  assert.match(text, /^#compdef instance-sync$/m);
  for (const c of program().commands) assert.match(text, new RegExp(`^    '${c.name()}:`, "m"), c.name());
  assert.match(text, /--on-conflict=\[[^\]]*\]:value:\(abort keep-local use-cloud keep-both\)/);
});

Deno.test("zsh -n accepts the zsh completion script", {
  ignore: skipIf(!has("zsh"), "zsh completion", "zsh is not installed"),
}, async () => {
  const r = await run("zsh", ["-n"], script("zsh"));
  assert.equal(r.code, 0, r.out);
});

Deno.test("useColor() is off with --no-color, with a non-empty NO_COLOR, and off a terminal", () => {
  assert.equal(useColor({}, true, undefined), true);
  assert.equal(useColor({}, true, true), true);
  assert.equal(useColor({}, true, false), false);
  assert.equal(useColor({ NO_COLOR: "1" }, true, undefined), false);
  assert.equal(useColor({ NO_COLOR: "0" }, true, true), false);
  assert.equal(useColor({ NO_COLOR: "" }, true, undefined), true);
  assert.equal(useColor({}, false, undefined), false);
});
