import { skipIf } from "../../helpers/skip.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { findRunningGame } from "../../../core/guards/gameRunning.ts";
import {
  cwdMatchesPack,
  isJavaName,
  type JavaProcess,
  macJavaProcesses,
} from "../../../core/guards/javaProcess.ts";
import { FAKE_JAVA_POSIX_ONLY, startFakeJava } from "../../helpers/fakeJava.ts";

const linuxOnly = Deno.build.os !== "linux";

/** A harmless program that the kernel names `java`: a copy of `sleep`. */
async function fakeJava(dir: string): Promise<string> {
  const java = join(dir, "bin", "java");
  await Deno.mkdir(join(dir, "bin"), { recursive: true });
  await Deno.copyFile("/bin/sleep", java);
  await Deno.chmod(java, 0o755);
  return java;
}

async function withJava<T>(
  java: string,
  cwd: string,
  fn: (child: Deno.ChildProcess) => Promise<T>,
): Promise<T> {
  const child = new Deno.Command(java, { args: ["60"], cwd, stdin: "null", stdout: "null", stderr: "null" })
    .spawn();
  try {
    return await fn(child);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await child.status;
  }
}

async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "is-game-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("isJavaName() knows java and javaw under any path, case and extension", () => {
  for (
    const name of [
      "java",
      "javaw",
      "JAVA",
      "javaw.exe",
      "Java.EXE",
      "/usr/lib/jvm/bin/java",
      "C:\\jdk\\bin\\javaw.exe",
    ]
  ) {
    assert.ok(isJavaName(name), name);
  }
  for (const name of ["javac", "java-wrapper", "jav", "sleep", "/opt/java/bin/node"]) {
    assert.ok(!isJavaName(name), name);
  }
});

Deno.test("cwdMatchesPack() accepts the pack, folders inside it and a .minecraft pack's instance folder", () => {
  assert.ok(cwdMatchesPack("/i/A/.minecraft", "/i/A/.minecraft"));
  assert.ok(cwdMatchesPack("/i/A/.minecraft/saves", "/i/A/.minecraft"));
  assert.ok(cwdMatchesPack("/i/A", "/i/A/.minecraft"));
  assert.ok(cwdMatchesPack("/i/A", "/i/A/minecraft"));
  assert.ok(!cwdMatchesPack("/i/A", "/i/A/pack"), "only a .minecraft/minecraft pack has an instance folder");
  assert.ok(!cwdMatchesPack("/i", "/i/A/.minecraft"), "other ancestors are not the game");
  assert.ok(!cwdMatchesPack("/i/A/.minecraft2", "/i/A/.minecraft"));
  assert.ok(!cwdMatchesPack("/i/B/.minecraft", "/i/A/.minecraft"));
});

Deno.test({
  name: "findRunningGame() finds a real java process running in the pack folder, and not after it exits",
  ignore: skipIf(linuxOnly, "Linux process probe", "reads /proc, Linux only"),
  sanitizeOps: true,
  sanitizeResources: true,
  fn: () =>
    withTemp(async (dir) => {
      const pack = join(dir, "instance", ".minecraft");
      await Deno.mkdir(pack, { recursive: true });
      const java = await fakeJava(dir);
      assert.equal(await findRunningGame(pack), null);
      await withJava(java, pack, async (child) => {
        const game = await waitFor(() => findRunningGame(pack));
        assert.equal(game?.how, "process");
        assert.equal(game?.pid, child.pid);
        assert.match(
          game?.detail ?? "",
          new RegExp(`^java \\(pid ${child.pid}\\) runs in ".*\\.minecraft"$`),
        );
        const started = performance.now();
        await findRunningGame(pack);
        const ms = performance.now() - started;
        assert.ok(ms < 250, `took ${ms.toFixed(1)} ms`);
        child.kill("SIGKILL");
        await child.status;
        assert.equal(await findRunningGame(pack), null);
      });
    }),
});

Deno.test({
  name: "findRunningGame() finds java in the instance folder around .minecraft, as Prism starts it",
  ignore: skipIf(linuxOnly, "Linux process probe", "reads /proc, Linux only"),
  fn: () =>
    withTemp(async (dir) => {
      const pack = join(dir, "instance", ".minecraft");
      await Deno.mkdir(pack, { recursive: true });
      await withJava(await fakeJava(dir), join(dir, "instance"), async (child) => {
        assert.equal((await waitFor(() => findRunningGame(pack)))?.pid, child.pid);
        // reached through a symlink, the pack is still the same folder
        await Deno.symlink(join(dir, "instance"), join(dir, "link"));
        assert.equal((await findRunningGame(join(dir, "link", ".minecraft")))?.pid, child.pid);
      });
    }),
});

Deno.test({
  name: "findRunningGame() ignores java running in another folder and other programs in the pack",
  ignore: skipIf(linuxOnly, "Linux process probe", "reads /proc, Linux only"),
  fn: () =>
    withTemp(async (dir) => {
      const pack = join(dir, "packA");
      const other = join(dir, "packB");
      await Deno.mkdir(pack);
      await Deno.mkdir(other);
      const java = await fakeJava(dir);
      await withJava(java, other, async () => {
        assert.ok(await waitFor(() => findRunningGame(other)), "the java process is visible");
        await withJava("/bin/sleep", pack, async () => {
          assert.equal(await findRunningGame(pack), null);
        });
      });
    }),
});

Deno.test("findRunningGame() reads a fake /proc: comm first, cwd of the Java ones only", async () => {
  await withTemp(async (dir) => {
    const pack = join(dir, "pack");
    const proc = join(dir, "proc");
    await Deno.mkdir(pack);
    const processes: Record<string, [comm: string, cwd: string | null]> = {
      "10": ["bash", pack],
      "11": ["java", null], // a process we may not inspect: no cwd link
      "12": ["JAVAW.EXE", pack],
    };
    for (const [pid, [comm, cwd]] of Object.entries(processes)) {
      await Deno.mkdir(join(proc, pid), { recursive: true });
      await Deno.writeTextFile(join(proc, pid, "comm"), `${comm}\n`);
      if (cwd) await Deno.symlink(cwd, join(proc, pid, "cwd"));
    }
    await Deno.mkdir(join(proc, "self"));
    const game = await findRunningGame(pack, { procRoot: proc, os: "linux" });
    assert.deepEqual(game, {
      pid: 12,
      how: "process",
      detail: `JAVAW.EXE (pid 12) runs in "${await Deno.realPath(pack)}"`,
    });
  });
});

Deno.test("findRunningGame() on Windows with no java running and no worlds finds nothing", async () => {
  await withTemp(async (dir) => {
    assert.equal(
      await findRunningGame(dir, { os: "windows", javaProcesses: () => Promise.resolve([]) }),
      null,
    );
  });
});

const NO_FAKE_JAVA = skipIf(
  Deno.build.os === "windows",
  "running-game guard with a real java",
  FAKE_JAVA_POSIX_ONLY,
);

Deno.test({
  name: "findRunningGame() finds a real java by the --gameDir on its command line, wherever it runs",
  ignore: NO_FAKE_JAVA,
  fn: () =>
    withTemp(async (dir) => {
      const pack = join(dir, "instances", "My Pack", ".minecraft");
      const other = join(dir, "instances", "Other", ".minecraft");
      await Deno.mkdir(pack, { recursive: true });
      await Deno.mkdir(other, { recursive: true });
      await Deno.symlink(join(dir, "instances"), join(dir, "link"));
      {
        // started from the home folder, as the official launcher does, with the pack named through a link
        await using game = await startFakeJava(dir, dir, [
          "-Xmx2G",
          "--gameDir",
          join(dir, "link", "My Pack", ".minecraft"),
        ]);
        const found = await waitFor(() => findRunningGame(pack));
        assert.equal(found?.pid, game.pid);
        assert.match(found?.detail ?? "", /^java \(pid \d+\) plays ".*My Pack\/\.minecraft" \(--gameDir\)$/);
        assert.equal(await findRunningGame(other), null, "another pack's folder is not this game's");
      }
      assert.equal(await findRunningGame(pack), null, "gone once the game exits");
    }),
});

const HAS_PS_LSOF = ["ps", "lsof"].every((cmd) => {
  try {
    return new Deno.Command(cmd, { args: ["-h"], stdout: "null", stderr: "null" }).outputSync() !== null;
  } catch {
    return false;
  }
});

Deno.test({
  name: "the macOS probe (ps and lsof) finds a real java's --gameDir and working folder",
  ignore: skipIf(
    NO_FAKE_JAVA || !HAS_PS_LSOF,
    "macOS process probe",
    "needs a POSIX system with ps and lsof",
  ),
  fn: () =>
    withTemp(async (dir) => {
      const pack = join(dir, "pack with space");
      await Deno.mkdir(pack);
      await using game = await startFakeJava(dir, pack, ["--gameDir", pack, "--width", "854"]);
      let mine: JavaProcess | undefined;
      for (let i = 0; i < 100 && !mine?.gameDir; i++) {
        mine = (await macJavaProcesses()).find((p) => p.pid === game.pid);
        if (!mine?.gameDir) await new Promise((r) => setTimeout(r, 30));
      }
      const real = await Deno.realPath(pack);
      assert.deepEqual({ gameDir: mine?.gameDir, cwd: mine?.cwd }, { gameDir: real, cwd: real });
    }),
});

/** Polls until `fn` returns non-null (the child needs a moment to exec), or returns the last null. */
async function waitFor<T>(fn: () => Promise<T | null>, ms = 3000): Promise<T | null> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== null || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
