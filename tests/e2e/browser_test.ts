/**
 * The browser dialog for real: `pull` run as a Flatpak launcher runs it (stdin closed, no terminal emulator on
 * PATH, `INST_*` variables) with a conflict serves the question on 127.0.0.1 and opens it through
 * `$BROWSER`, a small script that hands the URL to the test's headless chromium. The test clicks the
 * answer there and checks files, snapshots and exit codes. Ignored with a printed reason without chromium.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { runCliProcess, treeSnapshot } from "../helpers/cli.ts";
import { chromiumMissing, withChromium } from "../helpers/chromium.ts";
import { skipIf } from "../helpers/skip.ts";
import { testResticPath } from "../helpers/tools.ts";

const missing = chromiumMissing();
const ignore = (name: string) => skipIf(missing !== null, name, missing ?? "");
/** A tiny PNG (1×1), as a world's icon. */
const ICON = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

/** Two computers of one instance (local-folder repository) where both changed the world since the last sync. */
async function conflictInstance() {
  const root = await Deno.makeTempDir({ prefix: "is-browser-" });
  const packA = join(root, "a/.minecraft");
  const packB = join(root, "b/.minecraft");
  await Deno.mkdir(join(packA, "saves/World"), { recursive: true });
  await Deno.mkdir(packB, { recursive: true });
  await Deno.writeTextFile(join(packA, "saves/World/level.dat"), "v1");
  const env = (host: string, pack: string): Record<string, string> => ({
    INSTANCE_SYNC_HOST: host,
    INSTANCE_SYNC_RESTIC: testResticPath(),
    INST_MC_DIR: pack,
    INST_NAME: "Browser Pack",
    INST_ID: "browser-pack",
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
  await Deno.writeFile(join(packB, "saves/World/icon.png"), ICON);
  return { root, packA, packB, envA: env("pc-a", packA), envB: env("pc-b", packB) };
}

/**
 * The launcher's pre-launch hook on computer b inside a sandbox: a desktop, no terminal emulator anywhere
 * on PATH, and `$BROWSER` a script that writes the URL where the test picks it up.
 */
async function hookPull(envB: Record<string, string>, ...flags: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "is-opener-" });
  const urls = join(dir, "urls");
  const script = join(dir, "open-url.sh");
  await Deno.writeTextFile(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${urls}'\n`, { mode: 0o755 });
  const run = runCliProcess(["pull", ...flags], {
    env: { ...envB, DISPLAY: ":99", PATH: "/nonexistent", TERMINAL: "", BROWSER: script },
  });
  return { run, url: () => waitForUrl(urls) };
}

async function waitForUrl(file: string): Promise<string> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const text = await Deno.readTextFile(file).catch(() => "");
    if (text.trim()) return text.trim().split("\n")[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the hook never opened a URL");
}

/** Opens the hook's page in chromium at 1280×800 and waits for its answers to show. */
async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(url);
  await page.waitForSelector("button");
  return page;
}

/** Waits until the page shows `text` (the page's script draws it). */
const waitForText = (page: Page, text: string) =>
  page.waitForFunction(`document.body.textContent.includes(${JSON.stringify(text)})`);

const clickChoice = (page: Page, label: string) =>
  page.$$eval("button", (buttons, l) => {
    const b = buttons.find((b) => b.querySelector("strong")?.textContent === l);
    if (!b) throw new Error(`no button ${l}`);
    (b as unknown as { click(): void }).click();
  }, label);

async function snapshotCount(env: Record<string, string>): Promise<number> {
  const r = await runCliProcess(["history", "--json"], { env });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).snapshots.length;
}

Deno.test({
  name: "a launcher hook with no terminal emulator asks in the browser; use-cloud clicked there is applied",
  ignore: ignore("browser: use-cloud"),
  fn: () =>
    withChromium(async (browser) => {
      const { root, packB, envB } = await conflictInstance();
      const hook = await hookPull(envB);
      const url = await hook.url();
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{22}\/$/);
      const page = await openPage(browser, url);
      const text = await page.$eval("main", (m) => m.textContent ?? "");
      assert.match(text, /Conflict in “Browser Pack”/);
      assert.match(text, /saves\/World/);
      assert.doesNotMatch(text, /secret-pw/);
      assert.doesNotMatch(text + (await page.content()), new RegExp(root.replaceAll("/", "\\/")), "no paths");
      // The world's own icon, through the same token-checked server.
      const icon = await page.$eval(
        "img.icon",
        (i) => (i as unknown as { naturalWidth: number }).naturalWidth,
      );
      assert.equal(icon, 1);
      const shot = Deno.env.get("INSTANCE_SYNC_SCREENSHOT");
      if (shot) await page.screenshot({ path: shot as `${string}.png` });

      // Keyboard: the first answer (use the cloud's) has the focus; Enter chooses it.
      await page.keyboard.press("Enter");
      await waitForText(page, "The game is starting");
      const r = await hook.run;
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /No dialog window opened: no terminal emulator found[^\n]*\n[^\n]*opened the conflict in "Browser Pack" in the browser \(\$BROWSER \(open-url\.sh\)\); waiting up to 15 min for the answer at http:\/\/127\.0\.0\.1:/,
      );
      assert.ok(r.stderr.includes(url), "the log names the address");
      assert.doesNotMatch(
        r.stderr,
        /Deno\.serve|Listening on|secret-pw/,
        "the server prints nothing of its own",
      );
      assert.match(r.stderr, /using the cloud's version from pc-a/);
      assert.equal(await Deno.readTextFile(join(packB, "saves/World/level.dat")), "from a");
      await assert.rejects(fetch(url), "the server stopped with the hook");
    }),
});

Deno.test({
  name:
    "keep-local, keep both and a per-world answer clicked in the page are applied as resolve applies them",
  ignore: ignore("browser: keep-local, keep-both, per world"),
  fn: () =>
    withChromium(async (browser) => {
      const local = await conflictInstance();
      const h1 = await hookPull(local.envB, "--dialog=browser");
      await clickChoice(await openPage(browser, await h1.url()), "Keep this computer’s version");
      const r1 = await h1.run;
      assert.equal(r1.code, 0, r1.stderr);
      assert.equal(await Deno.readTextFile(join(local.packB, "saves/World/level.dat")), "from b");

      const both = await conflictInstance();
      const h2 = await hookPull(both.envB);
      await clickChoice(await openPage(browser, await h2.url()), "Keep both");
      const r2 = await h2.run;
      assert.equal(r2.code, 0, r2.stderr);
      const worlds: string[] = [];
      for await (const e of Deno.readDir(join(both.packB, "saves"))) worlds.push(e.name);
      assert.equal(worlds.length, 2, `both copies: ${worlds.join(", ")}`);
      assert.equal(await Deno.readTextFile(join(both.packB, "saves/World/level.dat")), "from a");

      const perWorld = await conflictInstance();
      const h3 = await hookPull(perWorld.envB);
      const page = await openPage(browser, await h3.url());
      await clickChoice(page, "Choose per world…");
      await page.click('input[name="world-0"][value="local"]');
      await clickChoice(page, "Apply these choices");
      const r3 = await h3.run;
      assert.equal(r3.code, 0, r3.stderr);
      assert.equal(await Deno.readTextFile(join(perWorld.packB, "saves/World/level.dat")), "from b");
      const entries: string[] = [];
      for await (const e of Deno.readDir(join(perWorld.packB, "saves"))) entries.push(e.name);
      assert.deepEqual(entries, ["World"], "no copy for a world answered 'this computer'");
    }),
});

Deno.test({
  name:
    "cancel, Esc, a closed tab and the timeout stop the launch with exit 3 and change no file or snapshot",
  ignore: ignore("browser: nothing changed"),
  fn: () =>
    withChromium(async (browser) => {
      const { packB, envB } = await conflictInstance();
      const before = await treeSnapshot(packB);
      const snapshots = await snapshotCount(envB);
      const unchanged = async (what: string) => {
        assert.deepEqual(await treeSnapshot(packB), before, what);
        assert.equal(await snapshotCount(envB), snapshots, what);
      };

      const cancel = await hookPull(envB);
      const page = await openPage(browser, await cancel.url());
      await clickChoice(page, "Cancel launch");
      await waitForText(page, "Launch cancelled");
      const r1 = await cancel.run;
      assert.equal(r1.code, 3, r1.stderr);
      assert.match(r1.stderr, /Launch cancelled/);
      await unchanged("after cancel");

      const esc = await hookPull(envB);
      const escPage = await openPage(browser, await esc.url());
      await escPage.keyboard.press("Escape");
      const r2 = await esc.run;
      assert.equal(r2.code, 3, r2.stderr);
      await unchanged("after Esc");

      const closed = await hookPull(envB);
      const closedPage = await openPage(browser, await closed.url());
      // A second hook for the same instance waits for the lock and gives up: one dialog per instance.
      const second = await runCliProcess(["pull", "--dialog=browser"], {
        env: { ...envB, DISPLAY: ":99", BROWSER: "false" },
      });
      assert.equal(second.code, 4, second.stderr);
      assert.doesNotMatch(second.stderr, /opened/);
      await closedPage.close();
      const r3 = await closed.run;
      assert.equal(r3.code, 3, r3.stderr);
      assert.match(r3.stderr, /The browser page was closed without an answer; nothing was changed/);
      await unchanged("after closing the tab");

      const started = Date.now();
      const slow = await hookPull(envB, "--dialog-timeout=3");
      const slowPage = await openPage(browser, await slow.url());
      const r4 = await slow.run;
      assert.equal(r4.code, 3, r4.stderr);
      assert.match(r4.stderr, /No answer in the browser page within 3 s; nothing was changed/);
      assert.ok(Date.now() - started < 30_000);
      await waitForText(slowPage, "no longer waiting");
      await unchanged("after the timeout");
    }),
});

Deno.test({
  name: "a rebinding name, a wrong token and another site's POST reach nothing; the hook still waits",
  ignore: ignore("browser: refused requests"),
  fn: () =>
    withChromium(async (browser) => {
      const { packB, envB } = await conflictInstance();
      const before = await treeSnapshot(packB);
      const hook = await hookPull(envB, "--dialog=browser");
      const url = new URL(await hook.url());
      const page = await browser.newPage();

      const wrong = await page.goto(`${url.origin}/${"A".repeat(22)}/`);
      assert.equal(wrong?.status(), 404);
      // DNS rebinding: a name the attacker controls now resolves to 127.0.0.1 (the resolver rule below).
      const rebound = await page.goto(url.href.replace("127.0.0.1", "rebind.test"));
      assert.equal(rebound?.status(), 421);
      // Bound to 127.0.0.1 alone: another loopback address (or the LAN) finds no server.
      await assert.rejects(page.goto(url.href.replace("127.0.0.1", "127.0.0.2")), /ERR_CONNECTION_REFUSED/);

      // Another site (any other origin) posts an answer, as a form would and as a script would.
      const evil = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () =>
        new Response(
          `<form method="post" action="${url.href}answer"><input name="answer" value="use-cloud"></form>
           <script>
             fetch(${JSON.stringify(url.href + "answer")}, { method: "POST", mode: "no-cors",
               body: '{"answer":"use-cloud"}' }).finally(() => document.forms[0].submit());
           </script>`,
          { headers: { "content-type": "text/html" } },
        ));
      try {
        const refused = page.waitForResponse((r) =>
          r.url() === `${url.href}answer` && r.request().method() === "POST"
        );
        await page.goto(`http://127.0.0.1:${(evil.addr as Deno.NetAddr).port}/`);
        assert.ok([403, 415].includes((await refused).status()));
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        await evil.shutdown();
      }
      assert.equal(
        await Deno.readTextFile(join(packB, "saves/World/level.dat")),
        "from b",
        "nothing applied",
      );

      const real = await openPage(browser, url.href);
      await clickChoice(real, "Cancel launch");
      const r = await hook.run;
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /Launch cancelled/);
      assert.doesNotMatch(r.stderr, /cloud's version/);
      assert.deepEqual(await treeSnapshot(packB), before, "no refused request changed a file");
    }, ["--host-resolver-rules=MAP rebind.test 127.0.0.1"]),
});

Deno.test("a $BROWSER that fails or is missing stops the hook with exit 3, one line saying why, nothing changed", async () => {
  const { packB, envB } = await conflictInstance();
  const before = await treeSnapshot(packB);
  const cases: [string, RegExp][] = [
    [
      "false",
      /No browser page opened: the browser could not be opened \(\$BROWSER \(false\): exited with code 1\)/,
    ],
    [
      "/nonexistent/browser",
      /No browser page opened: the browser could not be opened \(\$BROWSER \(browser\): not found\)/,
    ],
  ];
  for (const [browser, why] of cases) {
    const r = await runCliProcess(["pull", "--dialog=browser"], {
      env: { ...envB, DISPLAY: ":99", BROWSER: browser },
    });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, why);
    assert.match(
      r.stderr,
      /Conflict: this computer and pc-a both changed "Browser Pack"; nothing was changed/,
    );
    assert.doesNotMatch(r.stderr, /http:\/\/127/);
    assert.deepEqual(await treeSnapshot(packB), before);
  }
  // --dialog=none and a bad INSTANCE_SYNC_DIALOG open nothing.
  const none = await runCliProcess(["pull"], {
    env: { ...envB, DISPLAY: ":99", BROWSER: "false", INSTANCE_SYNC_DIALOG: "none" },
  });
  assert.equal(none.code, 3, none.stderr);
  assert.doesNotMatch(none.stderr, /opened|No browser page|dialog window/);
  const bad = await runCliProcess(["pull"], { env: { ...envB, INSTANCE_SYNC_DIALOG: "popup" } });
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /INSTANCE_SYNC_DIALOG must be window, browser or none, not "popup"/);
  assert.deepEqual(await treeSnapshot(packB), before);
});
