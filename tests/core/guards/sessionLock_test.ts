import { skipIf } from "../../helpers/skip.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { findRunningGame } from "../../../core/guards/gameRunning.ts";
import { findHeldSessionLock, parseProcLocks, splitDev } from "../../../core/guards/sessionLock.ts";

const linuxOnly = Deno.build.os !== "linux";
const hasPython = await new Deno.Command("python3", {
  args: ["-c", "import fcntl"],
  stdout: "null",
  stderr: "null",
})
  .output().then((o) => o.success, () => false);

/** A pack with two worlds, each with a session.lock file that nobody holds yet. */
async function makePack(): Promise<string> {
  const pack = await Deno.makeTempDir({ prefix: "is-lock-" });
  for (const world of ["Alpha", "Beta"]) {
    await Deno.mkdir(join(pack, "saves", world), { recursive: true });
    await Deno.writeTextFile(join(pack, "saves", world, "session.lock"), "☃");
  }
  return pack;
}

/**
 * Holds `file` locked from a child process until the returned function is called. "flock": a flock(2)
 * lock through Deno's own `FsFile.lock`. "fcntl": the POSIX record lock that Java's
 * `FileChannel.tryLock` takes on Linux and macOS, through Python.
 */
async function holdLock(
  file: string,
  kind: "flock" | "fcntl",
): Promise<{ pid: number; release(): Promise<void> }> {
  const [cmd, args] = kind === "flock"
    ? [Deno.execPath(), [
      "eval",
      `const f = await Deno.open(${JSON.stringify(file)}, { read: true, write: true });
       await f.lock(true); console.log("locked"); await Deno.stdin.readable.getReader().read();`,
    ]]
    : ["python3", [
      "-c",
      `import fcntl, sys\nf = open(sys.argv[1], "r+")\nfcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n` +
      `print("locked", flush=True)\nsys.stdin.read()`,
      file,
    ]];
  const child = new Deno.Command(cmd, { args, stdin: "piped", stdout: "piped", stderr: "inherit" }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const { value } = await reader.read();
  assert.match(value ?? "", /locked/);
  return {
    pid: child.pid,
    async release() {
      await child.stdin.close();
      await reader.cancel();
      await child.status;
    },
  };
}

async function withPack(fn: (pack: string) => Promise<void>): Promise<void> {
  const pack = await makePack();
  try {
    await fn(pack);
  } finally {
    await Deno.remove(pack, { recursive: true });
  }
}

Deno.test("findHeldSessionLock() finds nothing when session.lock files exist but nobody holds them", async () => {
  await withPack(async (pack) => {
    assert.equal(await findHeldSessionLock(pack), null);
    assert.equal(await findHeldSessionLock(pack, { method: "try-lock" }), null);
    assert.equal(await findRunningGame(pack), null);
  });
});

Deno.test({
  name: "findRunningGame() sees a world whose session.lock another process holds with flock",
  ignore: skipIf(linuxOnly, "Linux process probe", "reads /proc, Linux only"),
  sanitizeOps: true,
  sanitizeResources: true,
  fn: () =>
    withPack(async (pack) => {
      const holder = await holdLock(join(pack, "saves/Beta/session.lock"), "flock");
      try {
        assert.deepEqual(await findRunningGame(pack), {
          pid: holder.pid,
          how: "session.lock",
          detail: `the world "Beta" is open ("saves/Beta/session.lock" is locked by process ${holder.pid})`,
        });
        // the method macOS and Windows use sees it too
        assert.deepEqual(await findHeldSessionLock(pack, { method: "try-lock" }), {
          file: "saves/Beta/session.lock",
        });
      } finally {
        await holder.release();
      }
      assert.equal(await findRunningGame(pack), null);
      assert.equal(
        await findHeldSessionLock(pack, { method: "try-lock" }),
        null,
        "the probe leaves no lock behind",
      );
    }),
});

Deno.test({
  name: "findRunningGame() sees the fcntl lock Java takes on session.lock",
  ignore: skipIf(linuxOnly || !hasPython, "fcntl lock probe", "needs Linux and python3"),
  fn: () =>
    withPack(async (pack) => {
      const holder = await holdLock(join(pack, "saves/Alpha/session.lock"), "fcntl");
      try {
        const game = await findRunningGame(pack);
        assert.equal(game?.how, "session.lock");
        assert.equal(game?.pid, holder.pid);
        assert.match(game?.detail ?? "", /the world "Alpha" is open/);
      } finally {
        await holder.release();
      }
      assert.equal(await findRunningGame(pack), null);
    }),
});

Deno.test("parseProcLocks() reads active locks and skips waiting requests", () => {
  const text = [
    "1: POSIX  ADVISORY  WRITE 4242 fe:00:16043350 0 EOF",
    "1: -> POSIX  ADVISORY  WRITE 4343 fe:00:16043350 0 EOF",
    "2: FLOCK  ADVISORY  WRITE 77 00:2d:99 0 EOF",
    "3: OFDLCK ADVISORY  READ  -1 103:02:5 0 EOF",
    "garbage",
  ].join("\n");
  assert.deepEqual(parseProcLocks(text), [
    { pid: 4242, major: 0xfe, minor: 0, inode: 16043350 },
    { pid: 77, major: 0, minor: 0x2d, inode: 99 },
    { pid: -1, major: 0x103, minor: 2, inode: 5 },
  ]);
});

Deno.test("splitDev() decodes Linux device numbers as glibc does", () => {
  assert.deepEqual(splitDev(0xfe00), [0xfe, 0]);
  assert.deepEqual(splitDev(0x2d), [0, 0x2d]);
  assert.deepEqual(splitDev(0x10302), [0x103, 2]);
});

Deno.test("findHeldSessionLock() matches /proc/locks by device and inode", async () => {
  await withPack(async (pack) => {
    const info = await Deno.stat(join(pack, "saves/Alpha/session.lock"));
    const [major, minor] = splitDev(info.dev);
    const hex = (n: number) => n.toString(16).padStart(2, "0");
    const proc = await Deno.makeTempDir({ prefix: "is-proc-" });
    try {
      const other = `1: POSIX  ADVISORY  WRITE 99 ${hex(major + 1)}:${hex(minor)}:${info.ino} 0 EOF\n`;
      await Deno.writeTextFile(join(proc, "locks"), other);
      assert.equal(
        await findHeldSessionLock(pack, { procRoot: proc, method: "proc-locks" }),
        null,
        "other device",
      );
      await Deno.writeTextFile(
        join(proc, "locks"),
        `1: POSIX  ADVISORY  WRITE 99 ${hex(major)}:${hex(minor)}:${info.ino} 0 EOF\n`,
      );
      assert.deepEqual(await findHeldSessionLock(pack, { procRoot: proc, method: "proc-locks" }), {
        file: "saves/Alpha/session.lock",
        pid: 99,
      });
    } finally {
      await Deno.remove(proc, { recursive: true });
    }
  });
});
