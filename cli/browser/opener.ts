import { basename } from "../../core/fs/path.ts";
import { cmdQuote } from "../window/quote.ts";
import { splitWords } from "../window/terminal.ts";

/** One way to hand a URL to the desktop's browser. */
export interface UrlOpener {
  /** For the log line: "$BROWSER (firefox)", "xdg-open". */
  name: string;
  cmd: string;
  args: string[];
  windowsRawArguments?: boolean;
}

/**
 * The openers to try for `url`, in order. `$BROWSER` (a `:`-separated list of commands, where `%s` stands
 * for the URL, else the URL goes last) is the only candidate when set, as `$INSTANCE_SYNC_TERMINAL` is
 * for the window: a setting passed over silently is harder to debug than a page that does not open.
 * Otherwise the desktop's own opener: `xdg-open` (inside a Flatpak sandbox it reaches the portal),
 * `open` on macOS, `start` through cmd.exe on Windows.
 */
export function urlOpeners(
  url: string,
  os: typeof Deno.build.os,
  env: Record<string, string | undefined>,
): UrlOpener[] {
  const browser = env.BROWSER?.trim();
  if (browser) {
    return browser.split(":").map((entry) => splitWords(entry)).filter((w) => w.length > 0).map((words) => {
      const args = words.some((w) => w.includes("%s"))
        ? words.map((w) => w.replaceAll("%s", url))
        : [...words, url];
      return { name: `$BROWSER (${basename(words[0])})`, cmd: args[0], args: args.slice(1) };
    });
  }
  if (os === "darwin") return [{ name: "open", cmd: "open", args: [url] }];
  if (os === "windows") {
    // `start`'s first quoted word is the window title; `/s` keeps cmd.exe from re-reading inner quotes.
    return [{
      name: "start",
      cmd: "cmd.exe",
      args: [`/d /s /c "start "" ${cmdQuote(url)}"`],
      windowsRawArguments: true,
    }];
  }
  return [{ name: "xdg-open", cmd: "xdg-open", args: [url] }];
}
