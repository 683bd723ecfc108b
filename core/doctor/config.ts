/**
 * Reads an instance's sync.json and token the way a hook would, without changing anything on disk
 * (unlike `readTokenFile`, which tightens a loose token's mode): the doctor reports instead.
 */
import { readConfigText } from "../fs/atomic.ts";
import type { InstancePaths } from "../config/paths.ts";
import { parseToken } from "../config/token.ts";
import { repoTarget } from "../restic/repo.ts";
import { SyncError } from "../errors.ts";
import type { ConfigReading, Finding } from "./types.ts";

const message = (e: unknown) => e instanceof Error ? e.message : String(e);

/** Loads sync.json and token; every reason a hook could not use them is a finding. */
export async function readConfigForDoctor(paths: InstancePaths, os = Deno.build.os): Promise<ConfigReading> {
  let text: string | null;
  try {
    text = await readConfigText(paths.syncJson);
  } catch (e) {
    return broken(`Cannot read "${paths.syncJson}": ${message(e)}`, "Check the file's permissions");
  }
  if (text === null) return { loaded: null, findings: [] };
  const findings: Finding[] = [];
  let syncJson;
  try {
    syncJson = (await import("../config/syncJsonSchema.ts")).parseSyncJson(text, paths.syncJson);
  } catch (e) {
    return broken(
      message(e),
      "Fix the file by hand, or move .cloud-sync away and run `instance-sync setup` again",
    );
  }
  let tokenText: string;
  try {
    const info = await Deno.stat(paths.token);
    if (os !== "windows" && info.mode !== null && (info.mode & 0o077) !== 0) {
      findings.push({
        problem: `Token file "${paths.token}" is readable by others (mode ${
          (info.mode & 0o777).toString(8)
        })`,
        fix: `Run \`chmod 600 "${paths.token}"\` (the next sync also tightens it)`,
      });
    }
    tokenText = await Deno.readTextFile(paths.token);
  } catch (e) {
    const missing = e instanceof Deno.errors.NotFound;
    return broken(
      missing ? `Token file "${paths.token}" does not exist` : `Cannot read "${paths.token}": ${message(e)}`,
      missing
        ? "Run `instance-sync setup` again (`disable`, delete sync.json.disabled, then `setup`)"
        : "Check the file's permissions",
      findings,
    );
  }
  try {
    const token = parseToken(tokenText, `"${paths.token}"`);
    const target = repoTarget(syncJson.url, token, syncJson.instance_id);
    return { loaded: { ok: true, syncJson, token, target }, findings };
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    return broken(
      e.message,
      'Write "id:password" into the file, or run `instance-sync setup` again',
      findings,
    );
  }
}

function broken(problem: string, fix: string, before: Finding[] = []): ConfigReading {
  return { loaded: { ok: false }, findings: [...before, { problem, fix }] };
}
