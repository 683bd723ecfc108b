import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  run?: unknown;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  "runs-on"?: string;
  uses?: string;
  needs?: string | string[];
  "continue-on-error"?: unknown;
  env?: Record<string, string>;
  strategy?: {
    "fail-fast"?: boolean;
    matrix?: { os?: string[]; include?: { target: string; os: string }[] };
  };
  steps?: Step[];
  permissions?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

/** Parses a workflow strictly: any YAML error or warning fails the test. */
async function workflow(name: string): Promise<Workflow> {
  const text = await Deno.readTextFile(`${ROOT}.github/workflows/${name}`);
  const doc = parseDocument(text, { uniqueKeys: true });
  assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], name);
  const wf = doc.toJS() as Workflow;
  assert.equal(typeof wf.name, "string", `${name} has a name`);
  assert.equal(typeof wf.on, "object", `${name} has an "on" map (not the YAML 1.1 boolean true)`);
  assert.ok(Object.keys(wf.jobs ?? {}).length > 0, `${name} has jobs`);
  return wf;
}

const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
const runs = (wf: Workflow) => steps(wf).map((s) => s.run).filter((r) => r !== undefined);

async function installToolsDenoVersion(): Promise<string> {
  const m = (await Deno.readTextFile(`${ROOT}scripts/install-tools.sh`)).match(/^DENO_VERSION=(\S+)$/m);
  assert.ok(m, "scripts/install-tools.sh sets DENO_VERSION");
  return m[1];
}

Deno.test("ci.yml runs on push and pull requests, and can be called by the release workflow", async () => {
  const ci = await workflow("ci.yml");
  for (const event of ["push", "pull_request", "workflow_call"]) assert.ok(event in ci.on, event);
});

Deno.test("ci.yml tests on ubuntu, macOS and windows without stopping at the first failure", async () => {
  const ci = await workflow("ci.yml");
  const matrixJobs = Object.values(ci.jobs).filter((j) => j.strategy?.matrix?.os);
  assert.equal(matrixJobs.length, 1);
  assert.deepEqual(matrixJobs[0].strategy?.matrix?.os, ["ubuntu-latest", "macos-latest", "windows-latest"]);
  assert.equal(matrixJobs[0].strategy?.["fail-fast"], false);
  assert.equal(matrixJobs[0]["runs-on"], "${{ matrix.os }}");
  const script = runs(ci).join("\n");
  assert.match(script, /deno install --frozen/);
  assert.match(script, /deno task test/);
  assert.match(script, /INSTANCE_SYNC_SKIP_TMUX=1/);
  assert.match(script, /install-test-tools\.sh/);
});

Deno.test("ci.yml requires every OS: no job may fail without failing the workflow", async () => {
  const ci = await workflow("ci.yml");
  for (const [name, job] of Object.entries(ci.jobs)) {
    assert.equal(job["continue-on-error"], undefined, `${name} has continue-on-error`);
  }
});

Deno.test("ci.yml compiles the runner's binary after the deno run suite and runs the end-to-end suites on it", async () => {
  const ci = await workflow("ci.yml");
  const list = steps(ci).map((s) => String(s.run ?? ""));
  const test = list.findIndex((r) => /deno task test/.test(r));
  const compile = list.findIndex((r) => /^deno task compile$/m.test(r));
  const binary = list.findIndex((r) => /scripts\/cli-suites\.ts --cli="dist\/instance-sync\$exe"/.test(r));
  assert.ok(
    test >= 0 && compile > test && binary > compile,
    `order: test ${test}, compile ${compile}, binary ${binary}`,
  );
  assert.match(list[binary], /exe="\.exe"/, "the Windows binary is instance-sync.exe");
});

Deno.test("both workflows pin Deno to scripts/install-tools.sh's DENO_VERSION", async () => {
  const pinned = await installToolsDenoVersion();
  assert.equal(pinned, "2.9.6");
  for (const name of ["ci.yml", "release.yml"]) {
    const setups = steps(await workflow(name)).filter((s) => s.uses?.startsWith("denoland/setup-deno@"));
    assert.ok(setups.length > 0, `${name} sets up Deno`);
    for (const s of setups) assert.equal(String(s.with?.["deno-version"]), pinned, name);
  }
});

Deno.test("ci.yml installs restic and rest-server from their GitHub releases at the pinned versions", async () => {
  const ci = (await workflow("ci.yml")) as Workflow & { env: Record<string, string> };
  assert.equal(ci.env.RESTIC_VERSION, "0.19.1");
  assert.equal(ci.env.REST_SERVER_VERSION, "0.14.0");
  const script = await Deno.readTextFile(`${ROOT}.github/scripts/install-test-tools.sh`);
  assert.match(script, /github\.com\/restic\/restic\/releases\/download\/v\$restic_version/);
  assert.match(script, /github\.com\/restic\/rest-server\/releases\/download\/v\$rest_server_version/);
  assert.match(script, /rest-server_\$\{rest_server_version\}_\$\{os\}_\$\{arch\}\.tar\.gz/);
  assert.match(script, /SHA256SUMS/);
  for (const v of ["INSTANCE_SYNC_TEST_RESTIC", "INSTANCE_SYNC_TEST_REST_SERVER"]) {
    assert.match(script, new RegExp(v));
  }
});

Deno.test("bash -n accepts the CI install script", async () => {
  // On stdin, not as a path argument: Git Bash on Windows would need the path converted.
  const child = new Deno.Command("bash", { args: ["-n"], stdin: "piped", stderr: "piped" }).spawn();
  const w = child.stdin.getWriter();
  await w.write(await Deno.readFile(`${ROOT}.github/scripts/install-test-tools.sh`));
  await w.close();
  const r = await child.output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
});

Deno.test("release.yml runs on v* tags only, after CI, with write access only where it publishes", async () => {
  const rel = await workflow("release.yml");
  assert.deepEqual(Object.keys(rel.on), ["push"]);
  assert.deepEqual((rel.on.push as { tags: string[] }).tags, ["v*"]);
  const ci = Object.entries(rel.jobs).find(([, j]) => j.uses === "./.github/workflows/ci.yml");
  assert.ok(ci, "release.yml calls ci.yml");
  assert.deepEqual([rel.jobs.build.needs].flat(), [ci[0]], "binaries are built after CI");
  assert.deepEqual([rel.jobs.publish.needs].flat(), ["build"], "publishing waits for every smoke test");
  for (const [name, job] of Object.entries(rel.jobs)) {
    assert.equal(job.permissions?.contents === "write", name === "publish", `${name}: write access`);
  }
  assert.notEqual(
    (rel as unknown as { permissions?: Record<string, string> }).permissions?.contents,
    "write",
  );
});

Deno.test("release.yml builds every target on its own OS and smoke-tests that binary before publishing", async () => {
  const rel = await workflow("release.yml");
  const build = rel.jobs.build;
  const { TARGETS } = await import("../../scripts/compile.ts");
  const include = build.strategy?.matrix?.include ?? [];
  assert.deepEqual(include.map((i) => i.target).sort(), [...TARGETS].sort());
  const osOf = (t: string) => include.find((i) => i.target === t)!.os;
  assert.match(osOf("x86_64-pc-windows-msvc"), /^windows-/);
  assert.match(osOf("aarch64-apple-darwin"), /^macos-/);
  assert.match(osOf("x86_64-apple-darwin"), /^macos-.*intel|^macos-13$/);
  assert.match(osOf("aarch64-unknown-linux-gnu"), /^ubuntu-.*arm$/);
  assert.equal(build["continue-on-error"], undefined);
  const script = (build.steps ?? []).map((s) => String(s.run ?? "")).join("\n");
  assert.match(script, /deno task compile\n/);
  assert.match(script, /"\$GITHUB_REF_NAME" != "v\$version"/);
  assert.match(script, /install-test-tools\.sh/);
  assert.match(script, /scripts\/cli-suites\.ts --cli="\$BINARY" --only=tests\/e2e\//);
  assert.ok((build.steps ?? []).some((s) => s.uses?.startsWith("actions/upload-artifact@")));
});

Deno.test("release.yml publishes the smoke-tested binaries with SHA256SUMS", async () => {
  const rel = await workflow("release.yml");
  const publish = rel.jobs.publish;
  assert.ok((publish.steps ?? []).some((s) => s.uses?.startsWith("actions/download-artifact@")));
  const script = (publish.steps ?? []).map((s) => String(s.run ?? "")).join("\n");
  assert.doesNotMatch(script, /deno task compile/, "publish ships what was tested, it builds nothing");
  assert.match(script, /sha256sum instance-sync-\* >SHA256SUMS/);
  assert.match(script, /gh release create "\$GITHUB_REF_NAME" dist\/instance-sync-\* dist\/SHA256SUMS/);
});

Deno.test("every run step is non-empty, takes no ${{ }} expression, and echoes no secret", async () => {
  for (const name of ["ci.yml", "release.yml"]) {
    const wf = await workflow(name);
    for (const s of steps(wf)) {
      assert.ok(s.run !== undefined || s.uses !== undefined, `${name}: a step runs or uses something`);
      if (s.run === undefined) continue;
      assert.equal(typeof s.run, "string", `${name}: run is a script`);
      const run = s.run as string;
      assert.ok(run.trim().length > 0, `${name}: "${s.name ?? "(unnamed)"}" has an empty run`);
      // Context values reach scripts through env:, never by text substitution (script injection).
      assert.ok(!run.includes("${{"), `${name}: "${s.name ?? run}" substitutes an expression`);
      assert.ok(
        !/\b(echo|printf|cat)\b[^\n]*\$\{?(GH_TOKEN|GITHUB_TOKEN)\b/.test(run),
        `${name}: echoes a token`,
      );
      assert.ok(!/\bset -x\b/.test(run), `${name}: traces commands, which would print values`);
    }
    const text = await Deno.readTextFile(`${ROOT}.github/workflows/${name}`);
    for (const m of text.matchAll(/\$\{\{\s*(secrets\.\w+|github\.token)\s*\}\}/g)) {
      const line = text.slice(text.lastIndexOf("\n", m.index) + 1, text.indexOf("\n", m.index));
      assert.match(line, /^\s+[A-Z_]+: \$\{\{/, `${name}: ${m[1]} is only passed as an env value: ${line}`);
    }
  }
});

Deno.test("deno.json's version equals cli/version.ts's VERSION, which the release tag must match", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)) as { version: string };
  const { VERSION } = await import("../../cli/version.ts");
  assert.equal(VERSION, config.version);
});
