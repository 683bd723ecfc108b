/**
 * The player's rclone, for `setup`'s "a cloud drive through rclone" choice: which remotes rclone knows
 * (`rclone listremotes`), and whether a folder on one of them can be reached and written (`rclone mkdir`,
 * then `rclone lsf`). restic itself starts rclone later (`rclone serve restic --stdio`) for every sync.
 */

/** Where a player gets rclone, for every message that says it is missing. */
export const RCLONE_INSTALL_URL = "https://rclone.org/install/";

export interface RcloneOptions {
  /** The environment rclone runs with (its `RCLONE_CONFIG`, `PATH`); default this process's. */
  env?: Record<string, string>;
  /** Give up after this long (default 30 s): a cloud drive that does not answer is "cannot reach". */
  timeoutMs?: number;
  /** The rclone to run (default `rclone` on PATH). */
  command?: string;
}

interface RcloneRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs rclone; null when there is no rclone to run. */
async function rclone(args: string[], o: RcloneOptions): Promise<RcloneRun | null> {
  try {
    const out = await new Deno.Command(o.command ?? "rclone", {
      args,
      env: o.env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * The remotes of the player's rclone configuration (`gdrive`, `onedrive` …, without the colon), sorted;
 * null when rclone is not installed.
 */
export async function listRcloneRemotes(o: RcloneOptions = {}): Promise<string[] | null> {
  const run = await rclone(["listremotes"], o);
  if (!run) return null;
  if (run.code !== 0) throw new Error(`rclone listremotes failed: ${lastLine(run.stderr)}`);
  return run.stdout.split("\n").map((l) => l.trim().replace(/:$/, "")).filter(Boolean).sort();
}

/**
 * Null when `<remote>:<folder>` can be created (if missing) and listed; else why not, in rclone's last
 * words. A missing rclone is a reason too.
 */
export async function rcloneFolderProblem(
  remote: string,
  folder: string,
  o: RcloneOptions = {},
): Promise<string | null> {
  const where = `${remote}:${folder}`;
  try {
    for (const args of [["mkdir", where], ["lsf", "--max-depth", "1", where]]) {
      const run = await rclone(args, o);
      if (!run) return `rclone is not installed: get it from ${RCLONE_INSTALL_URL}`;
      if (run.code !== 0) return `rclone cannot use "${where}": ${lastLine(run.stderr)}`;
    }
    return null;
  } catch (e) {
    if ((e as Error).name === "TimeoutError" || (e as Error).name === "AbortError") {
      return `rclone did not reach "${where}" within ${Math.round((o.timeoutMs ?? 30_000) / 1000)} s`;
    }
    return `rclone cannot use "${where}": ${(e as Error).message}`;
  }
}

/** The sync.json url of a folder on an rclone remote: `rclone:<remote>:<folder>`. */
export function rcloneUrl(remote: string, folder: string): string {
  return `rclone:${remote}:${folder.replace(/(.)\/+$/, "$1")}`;
}

function lastLine(text: string): string {
  // rclone's log lines: "2026/12/07 09:12:23 ERROR : <what>" (the date and level say nothing here)
  const lines = text.split("\n").map((l) =>
    l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s+(?:[A-Z]+\s*:\s*)?/, "").trim()
  );
  return lines.filter(Boolean).at(-1) ?? "no error message";
}
