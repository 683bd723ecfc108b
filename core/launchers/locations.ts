/**
 * Where each launcher keeps its data folder, per OS (docs/launchers.md, and each launcher's own source). Paths
 * are built for `options.os`, so the Windows and macOS forms can be proved on any computer.
 */
import { posix, win32 } from "../fs/path.ts";
import type { DiscoveryOptions, LauncherKind } from "./types.ts";

/** A folder that may hold a launcher's data. */
export interface Candidate {
  dir: string;
  source: string;
  flatpakId?: string;
}

/** Flathub application ids: their data lives in `~/.var/app/<id>/data/`. */
export const FLATPAK_IDS: Partial<Record<LauncherKind, string>> = {
  prism: "org.prismlauncher.PrismLauncher",
  atlauncher: "com.atlauncher.ATLauncher",
  modrinth: "com.modrinth.ModrinthApp",
};

/** The folder name under the OS data folder, and under the Flatpak's data folder. */
const DATA_NAMES: Partial<Record<LauncherKind, string>> = {
  prism: "PrismLauncher",
  atlauncher: "ATLauncher",
  modrinth: "ModrinthApp",
};

export function pathOf(os: DiscoveryOptions["os"]) {
  return os === "windows" ? win32 : posix;
}

/** The OS's per-user data folder (Linux honours `$XDG_DATA_HOME`), or null without a home. */
function dataHome({ env, home, os }: DiscoveryOptions): string | null {
  const p = pathOf(os);
  if (os === "windows") return env.APPDATA ?? (home ? p.join(home, "AppData", "Roaming") : null);
  if (os === "darwin") return home ? p.join(home, "Library", "Application Support") : null;
  return env.XDG_DATA_HOME || (home ? p.join(home, ".local", "share") : null);
}

/** The known data folders of `kind`, most specific first (they may not exist). */
export function candidates(kind: LauncherKind, options: DiscoveryOptions): Candidate[] {
  const { env, home, os } = options;
  const p = pathOf(os);
  const out: Candidate[] = [];
  if (kind === "prism" && env.PRISMLAUNCHER_DATA_DIR) {
    out.push({ dir: env.PRISMLAUNCHER_DATA_DIR, source: "$PRISMLAUNCHER_DATA_DIR" });
  }
  const data = dataHome(options);
  const name = DATA_NAMES[kind];
  if (data && name) {
    // Linux packages name ATLauncher's folder in lower case; the launcher itself uses the capitalised one.
    out.push({ dir: p.join(data, name), source: "default" });
    if (kind === "atlauncher" && os === "linux") {
      out.push({ dir: p.join(data, "atlauncher"), source: "default" });
    }
    if (kind === "modrinth") out.push({ dir: p.join(data, "com.modrinth.theseus"), source: "default" });
  }
  const flatpakId = FLATPAK_IDS[kind];
  if (os === "linux" && home && flatpakId && name) {
    out.push({ dir: p.join(home, ".var", "app", flatpakId, "data", name), source: "flatpak", flatpakId });
    if (kind === "atlauncher") {
      out.push({
        dir: p.join(home, ".var", "app", flatpakId, "data", "atlauncher"),
        source: "flatpak",
        flatpakId,
      });
    }
  }
  if (kind === "multimc" && home) {
    // MultiMC runs from wherever it was unpacked: the usual places.
    if (os === "darwin") {
      out.push({ dir: p.join("/Applications", "MultiMC.app", "Data"), source: "default" });
      out.push({ dir: p.join(home, "Applications", "MultiMC.app", "Data"), source: "default" });
    } else {
      for (const d of [home, p.join(home, "Desktop"), p.join(home, "Downloads")]) {
        out.push({ dir: p.join(d, "MultiMC"), source: "default" });
      }
      if (os === "linux") out.push({ dir: p.join(home, ".local", "share", "multimc"), source: "default" });
      else out.push({ dir: "C:\\MultiMC", source: "default" });
    }
  }
  if (kind === "atlauncher" && home && os !== "darwin") {
    out.push({ dir: p.join(home, "ATLauncher"), source: "default" });
  }
  // `$XDG_DATA_HOME` points into `~/.var/app/<id>/` inside the sandbox, and on the host for a command run
  // on a Flatpak instance (core/config/sandboxDirs.ts): that folder is still the Flatpak's, whose hooks
  // must name a copy of the binary the sandbox can see.
  if (os !== "linux" || !home) return out;
  return out.map((c) => {
    const id = c.flatpakId ?? flatpakIdOf(c.dir, home);
    return id && !c.flatpakId ? { ...c, source: "flatpak", flatpakId: id } : c;
  });
}

/** The Flatpak app a folder belongs to (`~/.var/app/<id>/…`), if any. */
export function flatpakIdOf(dir: string, home: string): string | undefined {
  const prefix = posix.join(home, ".var", "app") + "/";
  return dir.startsWith(prefix) ? dir.slice(prefix.length).split("/")[0] : undefined;
}
