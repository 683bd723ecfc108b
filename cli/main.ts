/**
 * instance-sync's entry point. Launchers call `pull`/`push` for every instance, synced or not, so the
 * hook router runs first, before commander, core or anything else loads: a folder without
 * `.cloud-sync/sync.json` costs one `stat` and exits 0, and a plain hook on an opted-in folder (or a
 * plain `status`/`history`) skips commander (cli/lane.ts). Everything else goes to the full CLI.
 */
import { routeHook, runRoute } from "./gate.ts";

if (import.meta.main) {
  const route = routeHook(Deno.args, Deno.env.toObject(), Deno.cwd());
  if (route.kind === "not-opted-in") Deno.exit(0);
  Deno.exit(await runRoute(route, Deno.args));
}
