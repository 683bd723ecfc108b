import { describePackIgnore, ensurePackIgnore } from "../../core/config/packignore.ts";
import type { CliContext } from "../context.ts";

/** init, setup and enable: keep `.cloud-sync` out of Prism/MultiMC exports, and say what was done. */
export async function keepTokenOutOfExports(packFolder: string, ctx: CliContext): Promise<void> {
  const said = describePackIgnore(await ensurePackIgnore(packFolder));
  if (said) ctx.err(`instance-sync: ${said.warn ? "warning: " : ""}${said.message}`);
}
