/**
 * The browser prompter's other questions in a real headless chromium: the first sync, a mass deletion
 * and another computer playing. `$BROWSER` is a script that hands the URL to the test. Ignored with a
 * printed reason without chromium.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { BrowserPrompter } from "../../../cli/browser/prompter.ts";
import { ConflictError } from "../../../core/errors.ts";
import type { PlayingElsewhere } from "../../../core/ui.ts";
import { chromiumMissing, withChromium } from "../../helpers/chromium.ts";
import { skipIf } from "../../helpers/skip.ts";
import { conflictQuestion } from "./question.ts";

const missing = chromiumMissing();
const ignore = (name: string) => skipIf(missing !== null, name, missing ?? "");

/** A prompter whose `$BROWSER` writes the URL to a file, and a way to open each URL in chromium. */
async function setup(browser: Browser, timeoutSeconds = 60) {
  const dir = await Deno.makeTempDir({ prefix: "is-prompter-" });
  const urls = join(dir, "urls");
  const script = join(dir, "open-url.sh");
  await Deno.writeTextFile(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${urls}'\n`, { mode: 0o755 });
  const log: string[] = [];
  const prompter = new BrowserPrompter({
    packFolder: dir,
    env: { DISPLAY: ":99", BROWSER: script },
    os: "linux",
    timeoutSeconds,
    err: (l) => log.push(l),
    closedGraceMs: 1500,
  });
  let seen = 0;
  const nextPage = async (): Promise<Page> => {
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      const lines = (await Deno.readTextFile(urls).catch(() => "")).split("\n").filter(Boolean);
      if (lines.length > seen) {
        const page = await browser.newPage();
        await page.setViewport({ width: 390, height: 844 }); // a phone-sized window
        await page.goto(lines[seen++]);
        await page.waitForSelector("button");
        return page;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("no URL opened");
  };
  return { prompter, nextPage, log };
}

const click = (page: Page, label: string) =>
  page.$$eval("button", (buttons, l) => {
    const b = buttons.find((b) => b.querySelector("strong")?.textContent === l);
    if (!b) throw new Error(`no button ${l}`);
    (b as unknown as { click(): void }).click();
  }, label);
const text = (page: Page) => page.$eval("main", (m) => m.textContent ?? "");

Deno.test({
  name: "the first-sync question offers no keep-both without worlds, and returns the clicked answer",
  ignore: ignore("browser prompter: first sync"),
  fn: () =>
    withChromium(async (browser) => {
      const { prompter, nextPage, log } = await setup(browser);
      const q = conflictQuestion([]).description;
      q.reason = "first-sync";
      const answer = prompter.chooseConflict(q);
      const page = await nextPage();
      assert.match(await text(page), /This computer has its own files and the cloud already has a history/);
      const labels = await page.$$eval("button strong", (s) => s.map((e) => e.textContent));
      assert.deepEqual(labels, ["Use the cloud’s version", "Keep this computer’s version", "Cancel launch"]);
      await click(page, "Keep this computer’s version");
      assert.equal(await answer, "keep-local");
      assert.match(
        log.join("\n"),
        /opened the conflict in "Pack" in the browser \(\$BROWSER \(open-url\.sh\)\)/,
      );
    }),
});

Deno.test({
  name: "the mass-deletion question: Yes returns true, Esc returns false",
  ignore: ignore("browser prompter: confirm"),
  fn: () =>
    withChromium(async (browser) => {
      const { prompter, nextPage } = await setup(browser);
      const yes = prompter.confirm("Upload anyway?", "Every world would be deleted in the cloud.");
      const page = await nextPage();
      assert.match(await text(page), /Upload anyway\?.*Every world would be deleted in the cloud\./);
      await click(page, "Yes");
      assert.equal(await yes, true);

      const no = prompter.confirm("Upload anyway?", "Every world would be deleted in the cloud.");
      const second = await nextPage();
      await second.keyboard.press("Escape");
      assert.equal(await no, false);
    }),
});

Deno.test({
  name:
    "another computer playing: Play anyway returns play, Cancel launch cancel, a closed tab stops with exit 3",
  ignore: ignore("browser prompter: playing elsewhere"),
  fn: () =>
    withChromium(async (browser) => {
      const { prompter, nextPage } = await setup(browser);
      const playing: PlayingElsewhere = {
        machine: "steamdeck",
        displayName: "Alex <script>",
        since: "2026-12-07T08:00:00Z",
        snapshot: null,
        stale: true,
        instanceLabel: "Pack",
      };
      const play = prompter.confirmPlayingElsewhere(playing);
      const page = await nextPage();
      const shown = await text(page);
      assert.match(shown, /“Pack” is being played on another computer/);
      assert.match(shown, /Alex <script> on steamdeck since/);
      assert.match(shown, /may have stopped/);
      await click(page, "Play anyway");
      assert.equal(await play, "play");

      const cancel = prompter.confirmPlayingElsewhere(playing);
      await click(await nextPage(), "Cancel launch");
      assert.equal(await cancel, "cancel");

      const closed = prompter.confirmPlayingElsewhere(playing);
      await (await nextPage()).close();
      await assert.rejects(closed, (e) => e instanceof ConflictError && e.exitCode === 3);
    }),
});
