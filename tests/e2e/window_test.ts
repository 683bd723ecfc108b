/**
 * The dialog window for real: `pull` run as Prism runs it (stdin closed, no terminal) with a conflict opens an
 * xterm on an Xvfb desktop, the test answers with keys through xdotool, and the files, snapshots and
 * exit codes are checked. Ignored with a printed reason where Xvfb, xterm or xdotool are missing.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { skipIf } from "../helpers/skip.ts";
import { testResticPath } from "../helpers/tools.ts";
import { type Desktop, withDesktop, xToolsMissing } from "../helpers/xvfb.ts";

const missing = xToolsMissing();
const ignore = (name: string) => skipIf(missing !== null, name, missing ?? "");
const TITLE = "instance-sync: conflict in";

/** Two computers of one instance (local-folder repository) where both changed the world since the last sync. */
async function conflictInstance() {
  const root = await Deno.makeTempDir({ prefix: "is-window-" });
  const packA = join(root, "a/.minecraft");
  const packB = join(root, "b/.minecraft");
  await Deno.mkdir(join(packA, "saves/World"), { recursive: true });
  await Deno.mkdir(packB, { recursive: true });
  await Deno.writeTextFile(join(packA, "saves/World/level.dat"), "v1");
  const env = (host: string, pack: string): Record<string, string> => ({
    INSTANCE_SYNC_HOST: host,
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    INST_NAME: "Window Pack",
    RESTIC_CACHE_DIR: join(root, "cache"),
  });
  const ok = async (args: string[], e: Record<string, string>, input?: string) => {
    const r = await runCliProcess(args, { env: e, input });
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  };
  await ok(["init", `--url=${join(root, "repos")}`], env("pc-a", packA), "me:secret-pw\n");
  const id = JSON.parse(await Deno.readTextFile(join(packA, ".cloud-sync/sync.json"))).instance_id;
  await ok(
    ["init", `--url=${join(root, "repos")}`, `--instance-id=${id}`],
    env("pc-b", packB),
    "me:secret-pw\n",
  );
  await ok(["push"], env("pc-a", packA));
  await ok(["pull"], env("pc-b", packB));
  await Deno.writeTextFile(join(packA, "saves/World/level.dat"), "from a");
  await ok(["push"], env("pc-a", packA));
  await Deno.writeTextFile(join(packB, "saves/World/level.dat"), "from b");
  return { root, packA, packB, envA: env("pc-a", packA), envB: env("pc-b", packB) };
}

/** Prism's pre-launch hook on computer b, on the test desktop, with xterm as the player's terminal. */
function hookPull(desktop: Desktop, envB: Record<string, string>, ...flags: string[]) {
  return runCliProcess(["pull", ...flags], { env: { ...envB, DISPLAY: desktop.display, TERMINAL: "xterm" } });
}

/**
 * The window of a waiting hook, once its dialog reads keys: its pid file exists and its terminal is in
 * raw mode (Ink takes raw mode when it starts listening; a key typed earlier would be line-buffered).
 */
async function dialogWindow(
  desktop: Desktop,
  pack: string,
  title = TITLE,
): Promise<{ window: string; files: string[] }> {
  const window = await desktop.waitForWindow(title);
  const end = Date.now() + 60_000;
  let files: string[] = [];
  while (!(files = await dialogFiles(pack)).some((f) => f.endsWith(".open.json"))) {
    if (Date.now() > end) throw new Error("the dialog never wrote its pid file");
    await new Promise((r) => setTimeout(r, 100));
  }
  const open = files.find((f) => f.endsWith(".open.json"))!;
  const { pid } = JSON.parse(await Deno.readTextFile(join(pack, ".cloud-sync", open)));
  const tty = await Deno.readLink(`/proc/${pid}/fd/0`);
  while (!(await rawMode(tty))) {
    if (Date.now() > end) throw new Error(`the dialog never put ${tty} in raw mode`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { window, files };
}

async function rawMode(tty: string): Promise<boolean> {
  const out = await new Deno.Command("stty", { args: ["-F", tty, "-a"], stdout: "piped", stderr: "null" })
    .output();
  return /(^|\s)-icanon(\s|$)/.test(new TextDecoder().decode(out.stdout));
}

async function dialogFiles(pack: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(pack, ".cloud-sync"))) {
    if (e.name.startsWith("dialog-")) out.push(e.name);
  }
  return out;
}

async function snapshotTags(env: Record<string, string>): Promise<string[][]> {
  const r = await runCliProcess(["history", "--json"], { env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).snapshots.map((s: { tags: string[] }) => s.tags);
}

Deno.test({
  name: "a hook with no terminal opens a window; use-cloud chosen there is applied and the launch goes on",
  ignore: ignore("window: use-cloud"),
  fn: () =>
    withDesktop(async (desktop) => {
      const { packB, envB } = await conflictInstance();
      const run = hookPull(desktop, envB);
      const { window, files } = await dialogWindow(desktop, packB);

      // The one-time files are private, and no secret is on the window's command lines.
      for (const f of files) {
        assert.equal((await Deno.stat(join(packB, ".cloud-sync", f))).mode! & 0o777, 0o600, f);
      }
      const xtermPid = await desktop.pid(window);
      const cmdline = await Deno.readTextFile(`/proc/${xtermPid}/cmdline`);
      assert.match(cmdline, /dialog/);
      assert.doesNotMatch(cmdline, /secret-pw/);

      await desktop.keys(window, "Return"); // the first answer: use the cloud's version
      const r = await run;
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /opened a terminal window \(\$TERMINAL \(xterm\)\) for the conflict in "Window Pack"/,
      );
      assert.match(r.stderr, /using the cloud's version from pc-a/);
      assert.equal(await Deno.readTextFile(join(packB, "saves/World/level.dat")), "from a");
      assert.ok(
        (await snapshotTags(envB)).some((t) => t.includes("conflict-backup")),
        "b's version saved first",
      );
      assert.deepEqual(await dialogFiles(packB), [], "the answer files are removed");
      assert.deepEqual(await desktop.windows(TITLE), [], "the window closed");
    }),
});

Deno.test({
  name: "keep-local chosen in the window keeps this computer's world and the next push supersedes the cloud",
  ignore: ignore("window: keep-local"),
  fn: () =>
    withDesktop(async (desktop) => {
      const { packA, packB, envA, envB } = await conflictInstance();
      const run = hookPull(desktop, envB);
      const { window } = await dialogWindow(desktop, packB);
      await desktop.keys(window, "Down", "Return");
      const r = await run;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await Deno.readTextFile(join(packB, "saves/World/level.dat")), "from b");
      const push = await runCliProcess(["push"], { env: envB });
      assert.equal(push.code, 0, push.stderr);
      const pullA = await runCliProcess(["pull", "-g"], { env: envA });
      assert.equal(pullA.code, 0, pullA.stderr);
      assert.equal(await Deno.readTextFile(join(packA, "saves/World/level.dat")), "from b");
    }),
});

Deno.test({
  name:
    "a closed window, Esc, a timeout and -g stop the launch with exit 3 and change nothing; a killed hook's window closes",
  ignore: ignore("window: nothing changed"),
  fn: () =>
    withDesktop(async (desktop) => {
      const { packB, envB } = await conflictInstance();
      const before = await treeSnapshot(packB);
      const unchanged = async (what: string) => assert.deepEqual(await treeSnapshot(packB), before, what);

      await (async () => {
        const run = hookPull(desktop, envB);
        const { window } = await dialogWindow(desktop, packB);
        // A second hook for the same instance waits for the lock and gives up; it opens no window.
        const second = await runCliProcess(["pull", "--dialog-timeout=60"], {
          env: { ...envB, DISPLAY: desktop.display, TERMINAL: "xterm" },
        });
        assert.equal(second.code, 4, second.stderr);
        assert.match(second.stderr, /Another instance-sync run holds/);
        assert.equal((await desktop.windows(TITLE)).length, 1, "still one window");
        await desktop.kill(window);
        const r = await run;
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /The dialog window was closed without an answer; nothing was changed/);
        await unchanged("after closing the window");
      })();

      await (async () => {
        const run = hookPull(desktop, envB);
        const { window } = await dialogWindow(desktop, packB);
        await desktop.keys(window, "Escape");
        const r = await run;
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /Launch cancelled/);
        await unchanged("after Esc");
      })();

      await (async () => {
        const started = Date.now();
        const r = await hookPull(desktop, envB, "--dialog-timeout=3");
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /No answer in the dialog window within 3 s; nothing was changed/);
        assert.ok(Date.now() - started < 30_000);
        assert.deepEqual(await desktop.windows(TITLE), [], "the timed-out window is gone");
        await unchanged("after the timeout");
      })();

      const g = await hookPull(desktop, envB, "-g");
      assert.equal(g.code, 3, g.stderr);
      assert.doesNotMatch(g.stderr, /terminal window|dialog window/);
      assert.match(g.stderr, /instance-sync resolve --pack-folder=/);
      assert.deepEqual(await desktop.windows(TITLE), []);
      await unchanged("after -g");

      // The launcher kills its hook while the window is open: the window closes itself and cleans up.
      const kill = new AbortController();
      const killed = runCliProcess(["pull"], {
        env: { ...envB, DISPLAY: desktop.display, TERMINAL: "xterm" },
        signal: kill.signal,
      });
      await dialogWindow(desktop, packB);
      kill.abort();
      await killed;
      const end = Date.now() + 15_000;
      while ((await desktop.windows(TITLE)).length > 0 && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.deepEqual(await desktop.windows(TITLE), [], "no window outlives its hook");
      assert.deepEqual(await dialogFiles(packB), [], "and it removed the dialog files");
    }),
});

Deno.test({
  name: "push asks about a mass deletion in a window: 'yes' uploads, Esc uploads nothing (exit 3)",
  ignore: ignore("window: mass deletion"),
  fn: () =>
    withDesktop(async (desktop) => {
      const { packA, envA } = await conflictInstance();
      await Deno.remove(join(packA, "saves"), { recursive: true }); // every world gone
      await Deno.writeTextFile(join(packA, "options.txt"), "fov:70\n"); // something is left to upload
      const env = { ...envA, DISPLAY: desktop.display, TERMINAL: "xterm" };
      const before = (await snapshotTags(envA)).length;

      const refused = runCliProcess(["push"], { env });
      const { window: first } = await dialogWindow(desktop, packA, "instance-sync: Upload anyway?");
      await desktop.keys(first, "Escape");
      const r1 = await refused;
      assert.equal(r1.code, 3, r1.stderr);
      assert.match(r1.stderr, /Upload cancelled; nothing was uploaded/);
      assert.equal((await snapshotTags(envA)).length, before, "nothing uploaded");

      const allowed = runCliProcess(["push"], { env });
      const { window: second } = await dialogWindow(desktop, packA, "instance-sync: Upload anyway?");
      await desktop.keys(second, "Up", "Return"); // "No" is highlighted first
      const r2 = await allowed;
      assert.equal(r2.code, 0, r2.stderr);
      assert.match(r2.stderr, /opened a terminal window .* for a confirmation/);
      assert.equal((await snapshotTags(envA)).length, before + 1, "the deletion was uploaded");
    }),
});

Deno.test("no window possible: today's exit 3 and message, plus one line saying why no window opened", async () => {
  const { packB, envB } = await conflictInstance();
  const before = await treeSnapshot(packB);
  const cases: [Record<string, string>, RegExp][] = [
    [{ DISPLAY: "", WAYLAND_DISPLAY: "" }, /No dialog window opened: no desktop session/],
    // A desktop, but no terminal anywhere on PATH: the browser is tried next (here it fails too).
    [
      { DISPLAY: ":0", PATH: "/nonexistent", TERMINAL: "", BROWSER: "firefox" },
      /No dialog window opened: no terminal emulator found.*\n.*No browser page opened: the browser could not be opened \(\$BROWSER \(firefox\): not found\)/,
    ],
    // The player's chosen terminal fails at once: its exit code and last line are reported.
    [
      {
        DISPLAY: ":0",
        INSTANCE_SYNC_TERMINAL: "sh -c 'echo cannot open display >&2; exit 7' {}",
        BROWSER: "/nonexistent/browser",
      },
      /No dialog window opened: no terminal window could be opened \(\$INSTANCE_SYNC_TERMINAL \(sh\): exited with code 7: cannot open display\)/,
    ],
  ];
  for (const [env, why] of cases) {
    const r = await runCliProcess(["pull"], { env: { ...envB, ...env } });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, why);
    assert.match(
      r.stderr,
      /Conflict: this computer and pc-a both changed "Window Pack"; nothing was changed/,
    );
    assert.equal(r.stderr.match(/dialog window/g)?.length, 1, "one line about the window");
    assert.doesNotMatch(r.stderr, /opened a terminal window|in the browser/);
    assert.deepEqual(await treeSnapshot(packB), before);
  }
});

Deno.test({
  name: "keep-both and a per-world answer chosen in the window are applied as resolve applies them",
  ignore: ignore("window: keep-both and per-world"),
  fn: () =>
    withDesktop(async (desktop) => {
      const both = await conflictInstance();
      const run = hookPull(desktop, both.envB);
      const { window } = await dialogWindow(desktop, both.packB);
      await desktop.keys(window, "Down", "Down", "Return"); // Keep both
      const r = await run;
      assert.equal(r.code, 0, r.stderr);
      const worlds = [];
      for await (const e of Deno.readDir(join(both.packB, "saves"))) worlds.push(e.name);
      assert.equal(worlds.length, 2, `both copies: ${worlds.join(", ")}`);
      assert.equal(await Deno.readTextFile(join(both.packB, "saves/World/level.dat")), "from a");
      const copy = worlds.find((w) => w !== "World")!;
      assert.match(copy, /^World \(pc-b /);
      assert.equal(await Deno.readTextFile(join(both.packB, "saves", copy, "level.dat")), "from b");

      const perWorld = await conflictInstance();
      const run2 = hookPull(desktop, perWorld.envB);
      const { window: w2 } = await dialogWindow(desktop, perWorld.packB);
      await desktop.keys(w2, "Down", "Down", "Down", "Return"); // Choose per world…
      await desktop.keys(w2, "l", "Return"); // World: this computer's
      const r2 = await run2;
      assert.equal(r2.code, 0, r2.stderr);
      assert.equal(await Deno.readTextFile(join(perWorld.packB, "saves/World/level.dat")), "from b");
      const entries = [];
      for await (const e of Deno.readDir(join(perWorld.packB, "saves"))) entries.push(e.name);
      assert.deepEqual(entries, ["World"], "no copy for a world answered 'this computer'");
    }),
});
