import { instancePaths } from "../../core/config/paths.ts";
import { parseToken } from "../../core/config/token.ts";
import type { DiscoveredInstance } from "../../core/launchers/types.ts";

/** What the setup wizard starts with: the server and Discord id. Never the password. */
export interface SetupPrefill {
  url?: string;
  id?: string;
}

/**
 * The server and Discord id another instance on this computer already syncs with, so that setting up a
 * second instance from the home screen asks only for the password. Nothing when no other instance syncs,
 * or its files cannot be read (the wizard's defaults then).
 */
export async function setupPrefill(
  instances: DiscoveredInstance[],
  except: DiscoveredInstance,
): Promise<SetupPrefill> {
  for (const i of instances) {
    if (i === except || i.sync.state !== "on") continue;
    const paths = instancePaths(i.gameDir);
    try {
      // Read as they are, changing nothing there (no receipt written, no mode tightened).
      const url = JSON.parse(await Deno.readTextFile(paths.syncJson))?.url;
      // A url with credentials in it would show them in the wizard's field: not offered.
      if (typeof url !== "string" || /^[^/]*\/\/[^/]*@/.test(url)) continue;
      return { url, id: parseToken(await Deno.readTextFile(paths.token), paths.token).id };
    } catch {
      continue; // unreadable: the doctor reports it; try the next one
    }
  }
  return {};
}
