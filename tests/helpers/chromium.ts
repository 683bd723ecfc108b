/**
 * A real browser for the browser-page tests: Debian's `chromium`, headless, driven through
 * `puppeteer-core` over the DevTools protocol, with a throwaway profile. `chromiumMissing()` says why the
 * tests cannot run here (scripts/install-tools.sh installs the package with apt where it can).
 */
import type { Browser } from "puppeteer-core";

export const CHROMIUM = Deno.env.get("INSTANCE_SYNC_TEST_CHROMIUM") ?? "/usr/bin/chromium";

/** Null when chromium is here, else the reason to print when ignoring a test. */
export function chromiumMissing(): string | null {
  if (Deno.build.os !== "linux") {
    return `browser tests run Debian's chromium on Linux, not on ${Deno.build.os}`;
  }
  try {
    if (Deno.statSync(CHROMIUM).isFile) return null;
  } catch { /* missing */ }
  return `${CHROMIUM} not installed (Debian: chromium; scripts/install-tools.sh installs it)`;
}

/** Starts headless chromium with a fresh profile, hands it to `fn`, and always closes it. */
export async function withChromium<T>(
  fn: (browser: Browser) => Promise<T>,
  extraArgs: string[] = [],
): Promise<T> {
  const { default: puppeteer } = await import("puppeteer-core");
  const profile = await Deno.makeTempDir({ prefix: "is-chromium-" });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
      ...extraArgs,
    ],
  });
  try {
    return await fn(browser);
  } finally {
    await browser.close().catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
