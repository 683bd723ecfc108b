import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  compile,
  type CompileDeps,
  isRuntimeDownloadFailure,
  PERMISSIONS,
  runtimeDownloadMessage,
  TARGETS,
  V8_FLAGS,
} from "../../scripts/compile.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What `deno compile` 2.9.6 prints when dl.deno.land cannot be reached (captured on our machines). */
const OFFLINE_STDERR = `Check cli/main.ts
Compile cli/main.ts to dist/instance-sync
Download https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip
error: Writing deno compile executable to temporary file 'dist/instance-sync.tmp-3db6a5ebf1a163e7'

Caused by:
    0: Setting up base binary.
    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error (Connect): dns error: failed to lookup address information: Name or service not known
    2: client error (Connect)
    3: dns error
    4: failed to lookup address information: Name or service not known
`;

/** Records the deno commands and lines; every `deno` call answers with `answer(args)`. */
function fakeDeps(answer: (args: string[]) => { code: number; stdout?: string; stderr?: string }) {
  const calls: string[][] = [];
  const out: string[] = [];
  const err: string[] = [];
  const deps: CompileDeps = {
    deno: (args) => {
      calls.push(args);
      const a = answer(args);
      return Promise.resolve({ code: a.code, stdout: a.stdout ?? "", stderr: a.stderr ?? "" });
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    hostTarget: "x86_64-unknown-linux-gnu",
  };
  return { deps, calls, out, err };
}

Deno.test("compile --all --dry-run prints one deno compile command per target, with explicit permissions", async () => {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "scripts/compile.ts", "--all", "--dry-run"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(r.stdout);
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
  const lines = stdout.trim().split("\n");
  assert.equal(lines.length, 5, stdout);
  assert.deepEqual(TARGETS.length, 5);
  for (const [i, target] of TARGETS.entries()) {
    const line = lines[i];
    assert.match(line, /^deno compile /);
    assert.ok(line.includes(`--target ${target} `), line);
    const exe = target.includes("windows") ? ".exe" : "";
    assert.ok(line.includes(`--output dist/instance-sync-${target}${exe} `), line);
    assert.ok(line.endsWith(" cli/main.ts"), line);
    for (
      const p of ["--allow-read", "--allow-write", "--allow-run", "--allow-env", "--allow-net", "--allow-sys"]
    ) {
      assert.ok(line.split(" ").includes(p), `${p} in ${line}`);
    }
    assert.ok(!/ (-A|--allow-all|--allow-ffi|--include)\b/.test(line), line);
  }
  assert.ok(
    !(await exists(`${ROOT}dist/instance-sync-x86_64-pc-windows-msvc.exe`)),
    "a dry run compiles nothing",
  );
});

Deno.test("compile type-checks the entry before compiling, and compiles nothing when that fails", async () => {
  const { deps, calls, err } = fakeDeps((args) => ({ code: args[0] === "check" ? 1 : 0 }));
  assert.equal(await compile(["--all"], deps), 1);
  assert.deepEqual(calls.map((c) => c[0]), ["check"]);
  assert.match(err.join("\n"), /deno check cli\/main\.ts" failed/);
});

Deno.test("compile fails with one line when the Deno runtime cannot be downloaded", async () => {
  const { deps, calls, err, out } = fakeDeps((args) =>
    args[0] === "compile" ? { code: 1, stderr: OFFLINE_STDERR } : { code: 0 }
  );
  assert.equal(await compile([], deps), 1);
  assert.deepEqual(calls.map((c) => c[0]), ["check", "compile"], "stops at the first failed target");
  assert.deepEqual(err, [runtimeDownloadMessage("x86_64-unknown-linux-gnu")]);
  assert.match(
    err[0],
    /^compile: deno compile needs to download the Deno runtime for x86_64-unknown-linux-gnu from dl\.deno\.land/,
  );
  assert.deepEqual(out, []);
});

Deno.test("compile shows deno's own output for any other compile failure", async () => {
  const stderr = 'error: Module not found "file:///x/cli/gone.ts"';
  const { deps, err } = fakeDeps((args) => args[0] === "compile" ? { code: 1, stderr } : { code: 0 });
  assert.equal(await compile([], deps), 1);
  assert.ok(!isRuntimeDownloadFailure(stderr));
  assert.equal(err[0], stderr);
  assert.match(err[1], /deno compile failed for x86_64-unknown-linux-gnu/);
});

Deno.test("compile builds dist/instance-sync for the host, without --target", async () => {
  const { deps, calls, out } = fakeDeps(() => ({ code: 0 }));
  assert.equal(await compile([], deps), 0);
  const args = calls[1];
  assert.deepEqual(args.slice(0, 3), ["compile", "--frozen", "--no-check"]);
  assert.deepEqual(args.slice(3, 9), [...PERMISSIONS]);
  assert.equal(args[9], V8_FLAGS, "the binary carries the V8 flags the bench measured");
  assert.ok(!args.includes("--target"));
  assert.deepEqual(args.slice(-3), ["--output", "dist/instance-sync", "cli/main.ts"]);
  assert.deepEqual(out, ["compile: wrote dist/instance-sync"]);
});

Deno.test("compile --all refuses to run with DENORT_BIN, which would put one runtime in every target", async () => {
  const { deps, calls, err } = fakeDeps(() => ({ code: 0 }));
  deps.denortBin = "/opt/denort";
  assert.equal(await compile(["--all"], deps), 2);
  assert.deepEqual(calls, []);
  assert.match(err[0], /DENORT_BIN/);
});

Deno.test("compile refuses an unknown argument with exit 2", async () => {
  const { deps, calls, err } = fakeDeps(() => ({ code: 0 }));
  assert.equal(await compile(["--target=foo"], deps), 2);
  assert.deepEqual(calls, []);
  assert.match(err[0], /unknown argument "--target=foo"/);
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
