/**
 * restic-style exclude patterns, applied to paths relative to the pack folder (forward slashes).
 * As in restic: a pattern without a leading "/" may match at any depth; `*`, `?` and `[…]` work within
 * one path component and `**` spans any number of components; a match on a folder excludes all of it
 * (the walk does not descend). A leading "/" anchors the pattern at the pack folder.
 */
export class ExcludeMatcher {
  private readonly patterns: { anchored: boolean; parts: (RegExp | null)[] }[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns
      .map((p) => p.trim().replaceAll("\\", "/"))
      .filter((p) => p !== "" && !p.startsWith("#"))
      .map((p) => {
        const anchored = p.startsWith("/");
        const parts = p.replace(/^\/+/, "").replace(/\/+$/, "").split("/").map((
          c,
        ) => (c === "**" ? null : globToRegExp(c)));
        return { anchored, parts };
      });
  }

  /** True when the entry at `relPath` is excluded (the caller does not descend into excluded folders). */
  excludes(relPath: string): boolean {
    const comps = relPath.split("/");
    for (const { anchored, parts } of this.patterns) {
      if (anchored) {
        if (matchFrom(parts, 0, comps, 0, true)) return true;
      } else {
        for (let start = 0; start < comps.length; start++) {
          if (matchFrom(parts, 0, comps, start, true)) return true;
        }
      }
    }
    return false;
  }
}

/** Matches pattern parts against path components from the given offsets; the pattern must consume the path's end. */
function matchFrom(
  parts: (RegExp | null)[],
  pi: number,
  comps: string[],
  ci: number,
  _end: boolean,
): boolean {
  if (pi === parts.length) return ci === comps.length;
  const part = parts[pi];
  if (part === null) {
    for (let k = ci; k <= comps.length; k++) if (matchFrom(parts, pi + 1, comps, k, true)) return true;
    return false;
  }
  if (ci >= comps.length) return false;
  return part.test(comps[ci]) && matchFrom(parts, pi + 1, comps, ci + 1, true);
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) re += "\\[";
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith("!") || body.startsWith("^")) body = "^" + body.slice(1);
        re += `[${body.replaceAll("\\", "\\\\")}]`;
        i = close;
      }
    } else if (c === "\\" && i + 1 < glob.length) {
      re += escapeRe(glob[++i]);
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
