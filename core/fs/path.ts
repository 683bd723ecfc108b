/**
 * Path strings for POSIX and Windows, with node:path's semantics for the few functions this program uses
 * (join, normalize, dirname, basename, isAbsolute, resolve). Why not node:path: importing any `node:`
 * module starts Deno's Node compatibility layer, which costs every run about 17 ms and 7 MiB before it
 * does anything (docs/performance.md#decisions, measured on an empty `deno run`), and a launcher hook that finds nothing to
 * do should pay for neither. tests/core/fs/path_test.ts compares each function with node:path's posix
 * and win32 forms over a generated corpus, so the two agree on every form the program can meet.
 */

type IsSep = (c: string) => boolean;

const isPosixSep: IsSep = (c) => c === "/";
const isWinSep: IsSep = (c) => c === "/" || c === "\\";
const isDriveLetter = (c: string) => /^[A-Za-z]$/.test(c);

/**
 * Resolves `.` and `..` in a path without its root, joining the kept names with `sep`. `..` that would
 * climb above the start is kept when the path is relative (`aboveRoot`) and dropped when it is absolute.
 * A trailing separator is not kept here (callers add it back).
 */
function resolveDots(path: string, aboveRoot: boolean, sep: string, isSep: IsSep): string {
  const out: string[] = [];
  let leadingUps = 0; // `..` kept at the front of a relative path
  for (const name of path.split(isSep === isPosixSep ? "/" : /[\\/]/)) {
    if (name === "" || name === ".") continue;
    if (name === "..") {
      if (out.length > leadingUps) out.pop();
      else if (aboveRoot) {
        out.push("..");
        leadingUps++;
      }
      continue;
    }
    out.push(name);
  }
  return out.join(sep);
}

/** The root of a Windows path: its device (`C:` or `\\server\share`), whether it is rooted, where the rest starts. */
interface WinRoot {
  device: string;
  rooted: boolean;
  end: number;
  /** A UNC root with nothing after the share (`\\server\share`): normalize adds the separator. */
  bareUnc: boolean;
}

function winRoot(path: string, deviceNamespace = true): WinRoot {
  const len = path.length;
  if (len === 0) return { device: "", rooted: false, end: 0, bareUnc: false };
  if (isWinSep(path[0])) {
    if (len > 1 && isWinSep(path[1])) {
      // `\\server\share…`: both names must be there, else it is just a rooted path.
      let j = 2;
      while (j < len && !isWinSep(path[j])) j++;
      if (j < len && j !== 2) {
        const server = path.slice(2, j);
        while (j < len && isWinSep(path[j])) j++;
        const shareStart = j;
        while (j < len && !isWinSep(path[j])) j++;
        if (j !== shareStart) {
          // `\\.\` and `\\?\` open the device namespace (`\\?\C:\…`, `\\.\pipe\…`): the root is those four.
          // (node:path's dirname does not tell them apart from a share: `deviceNamespace` false.)
          if (deviceNamespace && (server === "." || server === "?")) {
            return { device: `\\\\${server}`, rooted: true, end: 4, bareUnc: false };
          }
          return {
            device: `\\\\${server}\\${path.slice(shareStart, j)}`,
            rooted: true,
            end: j,
            bareUnc: j === len,
          };
        }
      }
    }
    return { device: "", rooted: true, end: 1, bareUnc: false };
  }
  if (len > 1 && isDriveLetter(path[0]) && path[1] === ":") {
    const rooted = len > 2 && isWinSep(path[2]);
    return { device: path.slice(0, 2), rooted, end: rooted ? 3 : 2, bareUnc: false };
  }
  return { device: "", rooted: false, end: 0, bareUnc: false };
}

/**
 * Whether a relative path with a colon would, once normalized, read as a drive or a stream (`a/../C:x`,
 * `x:\\y`): node:path then puts `.\\` in front so it stays relative, and so does this module.
 */
function readsAsDevice(path: string, tail: string): boolean {
  if (!path.includes(":")) return false;
  if (tail.length >= 2 && isDriveLetter(tail[0]) && tail[1] === ":") return true;
  for (let i = path.indexOf(":"); i !== -1; i = path.indexOf(":", i + 1)) {
    if (i === path.length - 1 || isWinSep(path[i + 1])) return true;
  }
  return false;
}

export interface PathApi {
  readonly sep: string;
  readonly delimiter: string;
  normalize(path: string): string;
  join(...parts: string[]): string;
  dirname(path: string): string;
  basename(path: string): string;
  isAbsolute(path: string): boolean;
  /** An absolute, normalized path: `parts` from the right until one is absolute, then the working folder. */
  resolve(...parts: string[]): string;
}

/**
 * Where the folder part of `path` ends: the separator before its last name (trailing separators are not
 * a name), searched down to `from`; -1 when there is none. Separators doubled before the last name stay
 * in the folder part, as in node:path (`/a//b` → `/a/`).
 */
function folderEnd(path: string, from: number, isSep: IsSep): number {
  let inName = false;
  for (let i = path.length - 1; i >= from; i--) {
    if (!isSep(path[i])) inName = true;
    else if (inName) return i;
  }
  return -1;
}

/** The start of the last name and the end of the path without trailing separators (-1: none). */
function lastName(path: string, from: number, isSep: IsSep): { start: number; end: number } {
  let end = path.length;
  while (end > from && isSep(path[end - 1])) end--;
  let start = end;
  while (start > from && !isSep(path[start - 1])) start--;
  return { start, end: end === from ? -1 : end };
}

export const posix: PathApi = {
  sep: "/",
  delimiter: ":",
  normalize(path) {
    if (path === "") return ".";
    const absolute = path[0] === "/";
    const trailing = path[path.length - 1] === "/";
    let rest = resolveDots(path, !absolute, "/", isPosixSep);
    if (rest === "") {
      if (absolute) return "/";
      return trailing ? "./" : ".";
    }
    if (trailing) rest += "/";
    return absolute ? `/${rest}` : rest;
  },
  join(...parts) {
    const kept = parts.filter((p) => p !== "");
    return kept.length === 0 ? "." : posix.normalize(kept.join("/"));
  },
  dirname(path) {
    if (path === "") return ".";
    const end = folderEnd(path, 1, isPosixSep);
    if (end === -1) return path[0] === "/" ? "/" : ".";
    // `//a` keeps both separators (POSIX leaves a leading `//` to the system).
    return path[0] === "/" && end === 1 ? "//" : path.slice(0, end);
  },
  basename(path) {
    const { start, end } = lastName(path, 0, isPosixSep);
    return end === -1 ? "" : path.slice(start, end);
  },
  isAbsolute(path) {
    return path[0] === "/";
  },
  resolve(...parts) {
    let joined = "";
    for (let i = parts.length - 1; i >= -1 && !joined.startsWith("/"); i--) {
      const part = i >= 0 ? parts[i] : Deno.cwd();
      if (part !== "") joined = joined ? `${part}/${joined}` : part;
    }
    return `/${resolveDots(joined, false, "/", isPosixSep)}`;
  },
};

export const win32: PathApi = {
  sep: "\\",
  delimiter: ";",
  normalize(path) {
    if (path === "") return ".";
    if (path.length === 1) return isWinSep(path) ? "\\" : path;
    const root = winRoot(path);
    if (root.bareUnc) return `${root.device}\\`;
    let tail = root.end < path.length ? resolveDots(path.slice(root.end), !root.rooted, "\\", isWinSep) : "";
    if (tail === "" && !root.rooted) tail = ".";
    if (tail !== "" && isWinSep(path[path.length - 1])) tail += "\\";
    if (!root.rooted && !root.device && readsAsDevice(path, tail)) return `.\\${tail}`;
    return `${root.device}${root.rooted ? "\\" : ""}${tail}`;
  },
  join(...parts) {
    const kept = parts.filter((p) => p !== "");
    if (kept.length === 0) return ".";
    let joined = kept.join("\\");
    // A first part that is not itself a UNC root must not turn into one by what follows it
    // (`\\` + `server` is a rooted path, not `\\server`): collapse the leading separators to one.
    const first = kept[0];
    let leading = 0;
    let mayBeUnc = false;
    if (isWinSep(first[0])) {
      leading = 1;
      if (first.length > 1 && isWinSep(first[1])) {
        leading = 2;
        if (first.length > 2) {
          if (isWinSep(first[2])) leading = 3;
          else mayBeUnc = true;
        }
      }
    }
    if (!mayBeUnc) {
      while (leading < joined.length && isWinSep(joined[leading])) leading++;
      if (leading >= 2) joined = `\\${joined.slice(leading)}`;
    }
    return win32.normalize(joined);
  },
  dirname(path) {
    if (path === "") return ".";
    if (path.length === 1) return isWinSep(path) ? path : ".";
    const root = winRoot(path, false);
    if (root.bareUnc) return path;
    // The root as dirname keeps it: `C:\`, `C:`, `\`, or a UNC root with the separator after the share.
    const rootEnd = root.device.startsWith("\\\\") ? root.end + 1 : root.end;
    const end = folderEnd(path, rootEnd || 0, isWinSep);
    if (end !== -1) return path.slice(0, end);
    return rootEnd === 0 ? "." : path.slice(0, rootEnd);
  },
  basename(path) {
    const from = path.length >= 2 && isDriveLetter(path[0]) && path[1] === ":" ? 2 : 0;
    const { start, end } = lastName(path, from, isWinSep);
    return end === -1 ? "" : path.slice(start, end);
  },
  isAbsolute(path) {
    if (path.length === 0) return false;
    if (isWinSep(path[0])) return true;
    return path.length > 2 && isDriveLetter(path[0]) && path[1] === ":" && isWinSep(path[2]);
  },
  resolve(...parts) {
    // From the right until a part with a device and a root; a rooted part without a device takes the
    // device of what is further left (in the end, the working folder's).
    let device = "";
    let tail = "";
    let rooted = false;
    for (let i = parts.length - 1; i >= -1; i--) {
      let part = i >= 0 ? parts[i] : Deno.cwd();
      if (part === "") continue;
      // A drive-relative path (`D:saves`) on another drive than the working folder's: that drive's root
      // (node:path would look for cmd.exe's per-drive folder in the environment first).
      if (i === -1 && device && winRoot(part).device.toLowerCase() !== device.toLowerCase()) {
        part = `${device}\\`;
      }
      const root = winRoot(part);
      if (root.device && device && root.device.toLowerCase() !== device.toLowerCase()) continue;
      if (!device) device = root.device;
      if (!rooted) {
        tail = tail ? `${part.slice(root.end)}\\${tail}` : part.slice(root.end);
        rooted = root.rooted;
      }
      if (device && rooted) break;
    }
    const rest = resolveDots(tail, !rooted, "\\", isWinSep);
    return rooted ? `${device}\\${rest}` : `${device}${rest}` || ".";
  },
};

const native = Deno.build.os === "windows" ? win32 : posix;

export const { sep, delimiter } = native;
export const normalize = native.normalize;
export const join = native.join;
export const dirname = native.dirname;
export const basename = native.basename;
export const isAbsolute = native.isAbsolute;
export const resolve = native.resolve;
