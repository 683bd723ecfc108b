/**
 * instance-sync's entry point. Launchers call `pull`/`push` for every instance, synced or not, so the
 * opt-in gate runs first, before commander, core or anything else loads: a folder without
 * `.cloud-sync/sync.json` costs one `stat` and exits 0. Everything else goes to the full CLI.
 */
import { hookGate } from "./gate.ts";

if (import.meta.main) {
  if (hookGate(Deno.args, Deno.env.toObject(), Deno.cwd())) Deno.exit(0);
  const { runProcess } = await import("./run.ts");
  Deno.exit(await runProcess(Deno.args));
}
