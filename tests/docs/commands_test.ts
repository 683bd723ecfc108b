/**
 * Every `instance-sync <command>` and every `--flag` the docs name in code (README.md, CHANGELOG.md,
 * bench/README.md, docs/*.md) exists in the program as cli/program.ts builds it. A flag on a line that runs a command of
 * ours must belong to that command (or to the program); a flag named on its own must belong to some
 * command; lines that run another tool (restic, rest-server, deno …) are that tool's business.
 */
import assert from "node:assert/strict";
import { buildProgram } from "../../cli/program.ts";
import { silentContext } from "../helpers/cli.ts";
import { type Code, codeOf, docs } from "./markdown.ts";

interface Surface {
  /** Command name or alias → its long flags (`--json`, `--no-gui` …), program flags included. */
  commands: Map<string, Set<string>>;
  /** The program's own flags (`--help`, `--version`, `--no-color`). */
  global: Set<string>;
  /** Every long flag of every command. */
  all: Set<string>;
}

function surface(): Surface {
  const program = buildProgram(silentContext());
  const longs = (options: readonly { long?: string }[]) =>
    options.map((o) => o.long).filter((l): l is string => !!l);
  const global = new Set([...longs(program.options), "--help"]);
  const commands = new Map<string, Set<string>>();
  const all = new Set(global);
  for (const cmd of program.commands) {
    const flags = new Set([...global, ...longs(cmd.options)]);
    for (const name of [cmd.name(), ...cmd.aliases()]) commands.set(name, flags);
    for (const f of flags) all.add(f);
  }
  return { commands, global, all };
}

/**
 * Flags of other programs that the docs name in prose code spans (`--append-only`), where no command
 * line says whose they are. Each says whose it is; a flag of ours that disappears must not hide here.
 */
const OTHER_TOOLS = new Set([
  "--append-only", // rest-server
  "--private-repos", // rest-server
  "--no-lock", // restic
  "--files-from", // restic backup
  "--exclude-file", // restic backup
  "--parent", // restic backup
  "--target", // restic restore
  "--repository-version", // restic init
  "--no-cache", // restic
  "--include", // restic restore
  "--delete", // restic restore
  "--dry-run", // restic
  "--insecure-no-password", // restic
  "--cacert", // restic
  "--password-file", // restic
  "--password-command", // restic
  "--repo", // restic
  "--verbose", // restic
  "--gameDir", // Minecraft's java command line
  "--no-config", // deno run
  "--v8-flags", // deno run
  "--prof-process", // node
  "--prof", // V8, through deno's --v8-flags
  "--no-opt", // V8
  "--no-sparkplug", // V8
  "--max-semi-space-size", // V8
  "--filter", // deno test
  "--markdown", // deno task bench
  "--small-files", // deno task bench
  "--region-mb", // deno task bench
  "--worlds", // deno task bench
  "--runs", // deno task bench
  "--keep", // deno task bench
  "--ops", // deno task chaos
  "--seed", // deno task chaos
  "--seeds", // deno task chaos
  "--machines", // deno task chaos
  "--mode", // deno task chaos
  "--cli", // scripts/cli-suites.ts
  "--only", // scripts/cli-suites.ts
  "--list", // scripts/cli-suites.ts
  "--test-tools-only", // scripts/install-tools.sh
  "--snapshots", // bench/floor.ts
  "--no-walk", // bench/floor.ts
  "--frozen", // deno install
  "--nofork", // wt (Windows Terminal)
  "--wait", // gnome-terminal
  "--always-new-process", // konsole
  "--disable-server", // xterm
]);

/** Programs whose command lines the docs show; their flags are theirs. */
const PROGRAMS = [
  "restic",
  "rest-server",
  "restic-rest-server",
  "deno(?!\\s+(?:task\\s+cli|run\\s+\\S*\\s*\\S*cli\\/main\\.ts))", // but `deno task cli …` runs ours
  ...["node", "bash", "sh", "git", "gh", "npm", "npx", "apt", "apt-get", "brew", "sed", "cat", "ls", "cd"],
  ...["sha256sum", "shasum", "certutil", "curl", "rclone", "ssh", "chmod", "export", "set"],
  ...["tmux", "xterm", "wt", "gnome-terminal", "konsole"],
];
const OTHER_PROGRAMS = new RegExp(
  `^(?:\\$\\s+)?(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*(?:sudo\\s+)?(?:${PROGRAMS.join("|")})\\b`,
);

/** Where a piece of code runs our program: `instance-sync <word>`, or `deno task cli <word>`. */
const OURS =
  /(?:^|[\s"'/\\])(?:instance-sync(?:\.exe)?|deno\s+task\s+cli|cli\/main\.ts)["']?\s+("?)([^\s"'`|)]+)\1/g;

interface Finding {
  where: string;
  what: string;
}

function check(code: Code, path: string, s: Surface): Finding[] {
  const where = `${path}:${code.line}`;
  const out: Finding[] = [];
  if (OTHER_PROGRAMS.test(code.text.trim())) return out;
  const runs = [...code.text.matchAll(OURS)];
  // Each `instance-sync <command>` names a command, and the flags up to the next one are that command's.
  runs.forEach((m, i) => {
    const word = m[2];
    const end = i + 1 < runs.length ? runs[i + 1].index : code.text.length;
    const rest = code.text.slice(m.index + m[0].length, end);
    if (!/^(?:--)?[a-z][a-z0-9-]*$/.test(word)) return; // a placeholder (<command>, …), a path, a picture
    const flags = word.startsWith("--") ? s.global : s.commands.get(word);
    if (!flags) return out.push({ where, what: `"instance-sync ${word}": no such command` });
    for (const f of flagsIn(word.startsWith("--") ? `${word} ${rest}` : rest)) {
      if (!flags.has(f)) out.push({ where, what: `"${f}" is not an option of "instance-sync ${word}"` });
    }
  });
  if (runs.length) return out;
  for (const f of flagsIn(code.text)) {
    if (!s.all.has(f) && !OTHER_TOOLS.has(f)) {
      out.push({ where, what: `"${f}" is no option of instance-sync` });
    }
  }
  return out;
}

/** The long flags in a piece of code (`--on-conflict=abort` names `--on-conflict`). */
function flagsIn(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s[(|"'`/=,])(--[a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]);
}

Deno.test("every instance-sync command and --flag the docs name exists in the program", async () => {
  const s = surface();
  assert.ok(s.commands.has("pull") && s.commands.get("pull")!.has("--on-conflict"), "the surface was read");
  const findings: string[] = [];
  const all = await docs();
  assert.ok(all.some((d) => d.path === "README.md"), "README.md is read");
  for (const doc of all) {
    for (const code of codeOf(doc.text)) {
      for (const f of check(code, doc.path, s)) findings.push(`${f.where}: ${f.what}`);
    }
  }
  assert.deepEqual(findings, [], `the docs name what the program lacks:\n  ${findings.join("\n  ")}`);
});

Deno.test("the docs check flags a command and a flag the program lacks", () => {
  const s = surface();
  const found = (text: string, block = false) =>
    check({ line: 1, text, block }, "x.md", s).map((f) => f.what);
  assert.deepEqual(found("instance-sync pull --on-conflict=keep-local --pack-folder=/x"), []);
  assert.deepEqual(found("instance-sync frobnicate"), ['"instance-sync frobnicate": no such command']);
  assert.deepEqual(found("instance-sync status --world=X"), [
    '"--world" is not an option of "instance-sync status"',
  ]);
  assert.deepEqual(found('"$INST_MC_DIR/../instance-sync.exe" pull --no-gui', true), []);
  assert.deepEqual(found("--on-conflict=use-cloud"), []);
  assert.deepEqual(found("--frobnicate"), ['"--frobnicate" is no option of instance-sync']);
  assert.deepEqual(found("restic backup --frobnicate", true), []);
  assert.deepEqual(found("deno task cli pull --frobnicate", true), [
    '"--frobnicate" is not an option of "instance-sync pull"',
  ]);
  assert.deepEqual(found("instance-sync --version"), []);
});
