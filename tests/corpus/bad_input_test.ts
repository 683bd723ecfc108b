/**
 * Every bad input of the corpus, through the real CLI (`pull`, `push`, `status`), no TTY: exit 2, one
 * line naming the file and the field (plus at most a hint line), no stack trace, nothing changed on
 * disk (invariant I6, docs/contract.md#i6).
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { testResticPath } from "../helpers/tools.ts";
import { BAD_INPUTS, type Entry, ID } from "./cases.ts";

const COMMANDS = ["pull", "push", "status"] as const;

/** Writes a pack folder: a valid config, a world, then the case's files on top. */
async function makePack(files: Record<string, Entry>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "is-corpus-" });
  // Each pack its own repository folder (outside the pack), so no case sees another's snapshots.
  const repos = `${dir}-repos`;
  const all: Record<string, Entry> = {
    ".cloud-sync/sync.json": JSON.stringify({ instance_id: ID, url: repos }),
    ".cloud-sync/token": "player:corpus-Secret-3",
    "saves/World/level.dat": "level",
    "options.txt": "fov:70",
    ...files,
  };
  for (const [rel, entry] of Object.entries(all)) {
    const path = join(dir, rel);
    await Deno.mkdir(dirname(path), { recursive: true });
    if (typeof entry === "string") await Deno.writeTextFile(path, entry);
    else if (entry instanceof Uint8Array) await Deno.writeFile(path, entry);
    else if ("symlink" in entry) await Deno.symlink(entry.symlink, path);
    else await Deno.mkdir(path);
    if (rel === ".cloud-sync/token" && typeof entry !== "object") await Deno.chmod(path, 0o600);
  }
  return dir;
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

/**
 * Cases whose files are symlinks to POSIX device and system files (/dev/zero, /etc/passwd): on Windows
 * those targets do not exist, and creating links needs a privilege players rarely have.
 */
const isSymlinkCase = (c: (typeof BAD_INPUTS)[number]) =>
  Object.values(c.files).some((e) => typeof e === "object" && "symlink" in e);
const CASES = Deno.build.os === "windows" ? BAD_INPUTS.filter((c) => !isSymlinkCase(c)) : BAD_INPUTS;
if (CASES.length < BAD_INPUTS.length) {
  console.log(
    `ignored ${
      BAD_INPUTS.length - CASES.length
    } symlink cases: POSIX-only (links to /dev/zero and /etc/passwd)`,
  );
}

Deno.test("every bad config file gets exit 2, one line naming the file and field, and no change on disk", async () => {
  const runs = CASES.flatMap((c) => COMMANDS.map((command) => ({ c, command })));
  const failures: string[] = [];
  await pool(runs, 4, async ({ c, command }) => {
    const dir = await makePack(c.files);
    try {
      const before = await treeSnapshot(dir);
      const r = await runCliProcess([command, `--pack-folder=${dir}`, "--no-download"], {
        env: { INSTANCE_SYNC_RESTIC: testResticPath(), INSTANCE_SYNC_HOST: "pc-a" },
        signal: AbortSignal.timeout(30_000),
      }).catch((e) => ({ code: -1, stdout: "", stderr: `did not finish within 30 s (${e})` }));
      const lines = r.stderr.trim().split("\n");
      const problems = [
        r.code !== (c.code ?? 2) && `exit ${r.code}, expected ${c.code ?? 2}`,
        lines.length > 2 && `${lines.length} lines on stderr`,
        !c.error.test(lines[0]) && `first line does not match ${c.error}`,
        /\bat .*\.ts:\d+|\n\s+at /.test(r.stderr) && "a stack trace",
        JSON.stringify(await treeSnapshot(dir)) !== JSON.stringify(before) && "files changed on disk",
      ].filter(Boolean);
      if (problems.length) {
        failures.push(`${c.name} (${command}): ${problems.join("; ")}\n    ${r.stderr.trim()}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await Deno.remove(`${dir}-repos`, { recursive: true }).catch(() => {});
    }
  });
  console.log(`corpus: ${CASES.length} bad inputs × ${COMMANDS.length} commands = ${runs.length} runs`);
  assert.deepEqual(failures, [], failures.join("\n"));
});
