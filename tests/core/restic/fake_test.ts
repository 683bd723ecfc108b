/** What the real restic cannot be made to do on demand, through a fake restic script (docs/testing.md#tiers). */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  AuthError,
  InterruptedError,
  LockedError,
  OfflineError,
  RepositoryMissingError,
  ResticError,
} from "../../../core/errors.ts";
import { Restic } from "../../../core/restic/driver.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { writeFakeRestic } from "../../helpers/fakeRestic.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { skipIf } from "../../helpers/skip.ts";

/** Killing a fake restic on Windows ends its .cmd launcher, not the Deno program the launcher started. */
const KILLS_ON_WINDOWS = skipIf(
  Deno.build.os === "windows",
  "fake restic kill tests",
  "POSIX-only: on Windows a killed .cmd launcher leaves its program running (the real restic is killed fine)",
);

const TOKEN = { id: "alice", password: "fake-Secret-7" };
const TARGET = repoTarget("https://sync.example.org/mc", TOKEN, "01JD0000000000000000000000");
const BACKUP = {
  cwd: "/",
  filesFrom: "/dev/null",
  excludeFile: "/dev/null",
  host: "h",
  tags: ["instance-sync"],
};

async function fake(dir: string, body: string, opts: { stallTimeoutMs?: number; signal?: AbortSignal } = {}) {
  return new Restic(await writeFakeRestic(dir, body), TARGET, { killGraceMs: 300, ...opts });
}

function noSecret(e: unknown): void {
  const text = `${(e as Error).message} ${(e as { hint?: string }).hint ?? ""}`;
  assert.ok(!text.includes(TOKEN.password), `password leaked: ${text}`);
}

Deno.test("backup() reports exit 3 as a warning that names the unreadable files", async () => {
  await using tmp = await tempDir();
  const restic = await fake(
    tmp.path,
    `await err('{"message_type":"error","error":{"message":"open: permission denied"},"during":"archival","item":"/saves/World/level.dat"}');
await out('{"message_type":"summary","files_new":1,"total_files_processed":2,"snapshot_id":"${
      "ab".repeat(32)
    }"}');
await err('{"message_type":"exit_error","code":3,"message":"Warning: at least one source file could not be read"}');
Deno.exit(3);`,
  );
  const result = await restic.backup(BACKUP);
  assert.equal(result.snapshotId, "ab".repeat(32));
  assert.deepEqual(result.unreadable, ["saves/World/level.dat"]);
  assert.equal(result.filesNew, 1);
  assert.equal(result.filesChanged, 0);
});

Deno.test("exit codes 10, 11, 12 and 130 become typed errors without the password", async () => {
  await using tmp = await tempDir();
  const cases: [number, new (...a: never[]) => Error][] = [
    [10, RepositoryMissingError],
    [11, LockedError],
    [12, AuthError],
    [130, InterruptedError],
  ];
  for (const [code, cls] of cases) {
    const restic = await fake(
      tmp.path,
      `await err("Fatal: something at rest:https://alice:${TOKEN.password}@x/"); Deno.exit(${code});`,
    );
    await assert.rejects(() => restic.snapshots(), (e) => {
      assert.ok(e instanceof cls, `exit ${code}: got ${(e as Error).name}`);
      noSecret(e);
      return true;
    });
  }
});

Deno.test("other failures are a ResticError quoting restic's last error line, redacted", async () => {
  await using tmp = await tempDir();
  const restic = await fake(
    tmp.path,
    `await err("noise");
await err('{"message_type":"exit_error","code":1,"message":"Fatal: cannot frobnicate rest:https://alice:${TOKEN.password}@x/ (${TOKEN.password})"}');
Deno.exit(1);`,
  );
  await assert.rejects(() => restic.check(), (e) => {
    assert.ok(e instanceof ResticError);
    assert.equal(e.resticExitCode, 1);
    assert.match(e.message, /restic check failed \(exit 1\): cannot frobnicate/);
    noSecret(e);
    return true;
  });
});

Deno.test(
  "connection errors on stderr end the run at once as OfflineError",
  { ignore: KILLS_ON_WINDOWS },
  async () => {
    await using tmp = await tempDir();
    const restic = await fake(
      tmp.path,
      `await err('Stat(<config/>) returned error, retrying after 1.2s: Head "https://alice:***@x/config": dial tcp 10.0.0.1:443: connect: connection refused');
await sleep(30_000);`,
    );
    const t0 = performance.now();
    await assert.rejects(
      () => restic.snapshots(),
      (e) => e instanceof OfflineError && /connection refused/.test(e.message),
    );
    assert.ok(performance.now() - t0 < 10_000);
  },
);

Deno.test("a backup whose byte counter stops moving is killed after the stall timeout", {
  ignore: KILLS_ON_WINDOWS,
}, async () => {
  await using tmp = await tempDir();
  const pidFile = join(tmp.path, "pid");
  const restic = await fake(
    tmp.path,
    `await Deno.writeTextFile(${JSON.stringify(pidFile)}, String(Deno.pid));
Deno.addSignalListener("SIGINT", () => {}); // like a restic stuck in a retry loop: ignores Ctrl+C
for (;;) {
  await out('{"message_type":"status","percent_done":0.1,"total_files":2,"files_done":0,"total_bytes":100,"bytes_done":10}');
  await sleep(100);
}`,
    { stallTimeoutMs: 500 },
  );
  const t0 = performance.now();
  await assert.rejects(
    () => restic.backup(BACKUP),
    (e) => e instanceof OfflineError && /No progress/.test(e.message),
  );
  const elapsed = performance.now() - t0;
  assert.ok(elapsed >= 500 && elapsed < 10_000, `took ${elapsed} ms`);
  assertGone(Number(await Deno.readTextFile(pidFile)));
});

Deno.test("a backup that has read everything and is still uploading is not a stall", async () => {
  await using tmp = await tempDir();
  const restic = await fake(
    tmp.path,
    `await out('{"message_type":"status","percent_done":1,"total_files":1,"files_done":1,"total_bytes":5,"bytes_done":5}');
await sleep(1000);
await out('{"message_type":"summary","files_new":1,"snapshot_id":"${"cd".repeat(32)}"}');`,
    { stallTimeoutMs: 300 },
  );
  assert.equal((await restic.backup(BACKUP)).snapshotId, "cd".repeat(32));
});

Deno.test("aborting the signal kills restic, waits for it and throws InterruptedError", {
  ignore: KILLS_ON_WINDOWS,
}, async () => {
  await using tmp = await tempDir();
  const pidFile = join(tmp.path, "pid");
  const ac = new AbortController();
  const restic = await fake(
    tmp.path,
    `await Deno.writeTextFile(${JSON.stringify(pidFile)}, String(Deno.pid)); await sleep(30_000);`,
    { signal: ac.signal },
  );
  const run = restic.snapshots();
  while (!(await Deno.stat(pidFile).then(() => true, () => false))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  ac.abort();
  await assert.rejects(() => run, InterruptedError);
  assertGone(Number(await Deno.readTextFile(pidFile)));
});

Deno.test("garbage output is a ResticError, not a crash or a bogus result", async () => {
  await using tmp = await tempDir();
  const restic = await fake(
    tmp.path,
    `await out("not json {{{"); await write(Deno.stdout, "\\x01\\x02garbage");`,
  );
  await assert.rejects(() => restic.snapshots(), ResticError);
  await assert.rejects(
    () => restic.backup(BACKUP),
    (e) => e instanceof ResticError && /without naming/.test(e.message),
  );
  assert.deepEqual(await restic.ls("x"), []);
});

Deno.test("a chatty restic never blocks on full pipes", async () => {
  await using tmp = await tempDir();
  const restic = await fake(
    tmp.path,
    `for (let i = 0; i < 20000; i++) await err("stderr line " + i + " with some padding to fill the pipe quickly");
await out("x".repeat(3_000_000));
await out('{"message_type":"summary","files_new":1,"snapshot_id":"${"ef".repeat(32)}"}');`,
  );
  assert.equal((await restic.backup(BACKUP)).snapshotId, "ef".repeat(32));
});

Deno.test("status lines with a clear-line prefix still count as progress", async () => {
  await using tmp = await tempDir();
  const restic = await fake(
    tmp.path,
    `await out('\\r\\x1b[2K{"message_type":"status","percent_done":0.5,"total_files":2,"files_done":1,"total_bytes":10,"bytes_done":5,"current_files":["/saves/a"]}');
await out('{"message_type":"summary","snapshot_id":"${"01".repeat(32)}"}');`,
  );
  const seen: number[] = [];
  const files: string[][] = [];
  await restic.backup({ ...BACKUP, onProgress: (p) => (seen.push(p.fraction), files.push(p.currentFiles)) });
  assert.deepEqual(seen, [0.5]);
  assert.deepEqual(files, [["saves/a"]]);
});

function assertGone(pid: number): void {
  try {
    Deno.kill(pid, "SIGCONT");
  } catch (e) {
    assert.ok(e instanceof Deno.errors.NotFound, `unexpected ${e}`);
    return;
  }
  assert.fail(`process ${pid} is still running`);
}
