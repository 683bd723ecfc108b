/**
 * Real restic repositories for the in-process reader's tests: `restic init` (version 1 or 2) on a
 * local folder or a rest-server, a few snapshots with our tags, parents and hosts, and restic's own
 * `snapshots --json` answer to compare against. Secrets travel in the environment only.
 */
import { join } from "node:path";
import type { RepoTarget } from "../../core/restic/repo.ts";
import { resticEnv } from "../../core/restic/repo.ts";
import { makePack } from "./pack.ts";
import { testResticPath } from "./tools.ts";

/** Runs the real restic against `target`; throws with its stderr on a non-zero exit. */
export async function runRestic(
  target: Pick<RepoTarget, "repository" | "password">,
  args: string[],
  opts: { cwd?: string; cacheDir: string; env?: Record<string, string> },
): Promise<string> {
  const out = await new Deno.Command(testResticPath(), {
    args,
    cwd: opts.cwd,
    env: { RESTIC_CACHE_DIR: opts.cacheDir, ...resticEnv(target as RepoTarget), ...opts.env },
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`restic ${args[0]} exited ${out.code}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/**
 * Makes a repository of `version` with three snapshots (two hosts, a parent, a side copy tag and a
 * snapshot whose tags were changed afterwards, so it has `original`). Returns restic's listing.
 */
export async function populateRepo(
  target: RepoTarget,
  version: 1 | 2,
  work: string,
): Promise<Record<string, unknown>[]> {
  const cacheDir = join(work, "restic-cache");
  await runRestic(target, ["init", "--repository-version", String(version)], { cacheDir });
  const pack = await makePack(work);
  const backup = async (host: string, tags: string[], parent?: string) => {
    const args = ["backup", "--json", "--files-from", pack.filesFrom, "--exclude-file", pack.excludeFile];
    args.push("--host", host, ...tags.flatMap((t) => ["--tag", t]));
    if (parent) args.push("--parent", parent);
    const lines = (await runRestic(target, args, { cwd: pack.dir, cacheDir })).trim().split("\n");
    return JSON.parse(lines[lines.length - 1]).snapshot_id as string;
  };
  const first = await backup("machine-a", ["instance-sync", "parent=none", "label=Test_Pack"]);
  await Deno.writeTextFile(join(pack.dir, "options.txt"), "fov:90\n");
  const second = await backup("machine-b", ["instance-sync", `parent=${first.slice(0, 8)}`], first);
  await backup("machine-a", ["instance-sync", `parent=${first.slice(0, 8)}`, "conflict-backup"], second);
  // A tag change rewrites the snapshot under a new id with `original` pointing at the old one.
  await runRestic(target, ["tag", "--add", "kept", second], { cacheDir });
  return JSON.parse(await runRestic(target, ["snapshots", "--json"], { cacheDir }));
}

/** A repository of `version` with one snapshot; returns its snapshot ids as restic lists them. */
export async function smallRepo(target: RepoTarget, version: 1 | 2, work: string): Promise<string[]> {
  const cacheDir = join(work, "restic-cache");
  await runRestic(target, ["init", "--repository-version", String(version)], { cacheDir });
  const pack = await makePack(work);
  await runRestic(target, ["backup", "--files-from", pack.filesFrom, "--host", "machine-a", "--tag", "t"], {
    cwd: pack.dir,
    cacheDir,
  });
  const listed = JSON.parse(await runRestic(target, ["snapshots", "--json"], { cacheDir }));
  return listed.map((s: { id: string }) => s.id).sort();
}

/** Random bytes (incompressible, so restic's chunker cuts them into several ~1 MiB blobs). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

export interface Backed {
  ids: string[];
  files: Record<string, Uint8Array>;
  cacheDir: string;
}

/** Two backups of a pack with a nested world, an empty file, a symlink and a multi-blob file. */
export async function backUp(target: RepoTarget, version: 1 | 2, work: string): Promise<Backed> {
  const cacheDir = join(work, "restic-cache");
  await runRestic(target, ["init", "--repository-version", String(version)], { cacheDir });
  const files: Record<string, Uint8Array> = {
    "saves/World/level.dat": randomBytes(3000),
    "saves/World/DIM-1/region/r.-1.0.mca": randomBytes(20_000),
    "saves/World/empty.txt": new Uint8Array(0),
    "saves/big.bin": randomBytes(6 * 1024 * 1024),
    // Names restic stores escaped (core/repo/nodeName.ts); not valid names on Windows.
    ...(Deno.build.os === "windows" ? {} : {
      'saves/quote\'s "dq" back\\slash/level.dat': randomBytes(100),
      "saves/line\nbreak\ttab\x01ctl\x7fdel/a.dat": randomBytes(10),
      "saves/nbsp\u00a0zwsp\u200b ✨ 世界/b.dat": randomBytes(10),
    }),
  };
  const pack = await makePack(work, files);
  await Deno.symlink("World/level.dat", join(pack.dir, "saves", "link.dat"));
  const backup = async () => {
    const args = ["backup", "--json", "--files-from", pack.filesFrom, "--exclude-file", pack.excludeFile];
    const lines = (await runRestic(target, [...args, "--host", "pc"], { cwd: pack.dir, cacheDir })).trim()
      .split("\n");
    return JSON.parse(lines[lines.length - 1]).snapshot_id as string;
  };
  const first = await backup();
  await Deno.writeTextFile(join(pack.dir, "options.txt"), "fov:95\n");
  await Deno.mkdir(join(pack.dir, "saves", "Second"));
  await Deno.writeTextFile(join(pack.dir, "saves", "Second", "level.dat"), "second");
  const second = await backup();
  return { ids: [first, second], files, cacheDir };
}
