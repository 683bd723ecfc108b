import { defaultLocalRepositoryRoot } from "../../core/config/defaults.ts";
import { validateUrl } from "../../core/config/lifecycle.ts";
import type { DirectoryEntry } from "../../core/directory/directory.ts";
import { openDirectory } from "../../core/directory/open.ts";
import { redact } from "../../core/redact.ts";
import type { CliContext } from "../context.ts";
import { formatTime } from "../ui/format.ts";
import { tokenFromFlags } from "./init.ts";

export interface InstancesFlags {
  url?: string;
  token?: string;
  tokenFile?: string;
  resticBinary?: string;
  json?: boolean;
}

/**
 * `instances`: the account's instance directory, newest activity first. Unlike hooks, a directory
 * that cannot be read is an error here (offline 1, refused token or wrong password 5): it is what
 * the player asked for.
 */
export async function runInstances(flags: InstancesFlags, ctx: CliContext): Promise<void> {
  const token = await tokenFromFlags(flags, ctx);
  const url = validateUrl(flags.url ?? defaultLocalRepositoryRoot(ctx.env));
  const dir = await openDirectory({
    url,
    token,
    env: ctx.env,
    resticBinary: flags.resticBinary,
    onInfo: (m) => ctx.err(`instance-sync: ${m}`),
  });
  const entries = await dir.list();
  if (flags.json) return ctx.out(JSON.stringify(entries));
  if (entries.length === 0) {
    ctx.out(`No instances yet in ${redact(dir.target.display)}`);
    return;
  }
  for (const line of table(entries)) ctx.out(line);
}

function table(entries: readonly DirectoryEntry[]): string[] {
  const rows = entries.map((e) => [
    e.label,
    e.instance_id,
    e.created_by.host,
    formatTime(e.created_at),
    e.last_upload ? formatTime(e.last_upload) : "-",
  ]);
  const head = ["LABEL", "INSTANCE ID", "SET UP ON", "SET UP AT", "LAST UPLOAD"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}
