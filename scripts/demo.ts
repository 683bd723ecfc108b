/**
 * `deno task demo`: the README's quick start. Runs the real job end to end on the embedded default,
 * a local-folder restic repository (no server): computer A sets up an instance and pushes its world,
 * computer B joins the same instance and pulls it, plays, pushes, and A pulls the change.
 * Both "computers" are folders here; INSTANCE_SYNC_HOST gives each its own machine name and
 * INSTANCE_SYNC_CONFIG_DIR and INSTANCE_SYNC_CACHE_DIR its own user folders (its own machine id and
 * cached keys, never the real home's: the demo leaves nothing behind).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const restic = Deno.env.get("INSTANCE_SYNC_RESTIC") ?? join(root, ".cache/restic/usr/bin/restic");
const work = await Deno.makeTempDir({ prefix: "instance-sync-demo-" });
const repos = join(work, "repositories");
const packA = join(work, "computer-a/.minecraft");
const packB = join(work, "computer-b/.minecraft");

async function cli(host: string, args: string[], input?: string): Promise<number> {
  console.log(`\n[${host}] $ instance-sync ${args.join(" ")}`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", join(root, "cli/main.ts"), ...args],
    env: {
      INSTANCE_SYNC_HOST: host,
      INSTANCE_SYNC_CONFIG_DIR: join(work, `config-${host}`),
      INSTANCE_SYNC_CACHE_DIR: join(work, `cache-${host}`),
      INSTANCE_SYNC_RESTIC: restic,
      INSTANCE_SYNC_DEFAULT_REPO: repos,
      INST_NAME: "Demo Pack",
    },
    stdin: input === undefined ? "null" : "piped",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  if (input !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(input));
    await w.close();
  }
  const { code } = await child.status;
  if (code !== 0) console.log(`(exit ${code})`);
  return code;
}

function must(code: number) {
  if (code !== 0) {
    console.error(`demo: a step failed; the demo folder is kept at ${work}`);
    Deno.exit(code);
  }
}

await Deno.mkdir(join(packA, "saves/My World/region"), { recursive: true });
await Deno.mkdir(packB, { recursive: true });
await Deno.writeTextFile(join(packA, "saves/My World/level.dat"), "level data v1");
await Deno.writeTextFile(join(packA, "saves/My World/region/r.0.0.mca"), "x".repeat(64 * 1024));
await Deno.writeTextFile(join(packA, "options.txt"), "fov:90\n");
await Deno.mkdir(join(packA, "mods"));
await Deno.writeTextFile(join(packA, "mods/not-synced.jar"), "installed by the modpack");

console.log(`demo: working in ${work} (repository: ${repos})`);
must(
  await cli("computer-a", ["init", `--pack-folder=${packA}`], "demo-player:correct horse battery staple\n"),
);
must(await cli("computer-a", ["push", `--pack-folder=${packA}`]));
must(
  await cli(
    "computer-b",
    ["init", `--pack-folder=${packB}`, "--join=Demo Pack"],
    "demo-player:correct horse battery staple\n",
  ),
);
must(await cli("computer-b", ["pull", `--pack-folder=${packB}`]));
console.log(`\ncomputer-b now has: ${await Deno.readTextFile(join(packB, "saves/My World/level.dat"))}`);
await Deno.writeTextFile(join(packB, "saves/My World/level.dat"), "level data v2 (played on computer b)");
must(await cli("computer-b", ["push", `--pack-folder=${packB}`]));
must(await cli("computer-a", ["pull", `--pack-folder=${packA}`]));
must(await cli("computer-a", ["pull", `--pack-folder=${packA}`]));
must(await cli("computer-a", ["history", `--pack-folder=${packA}`]));
console.log(`\ncomputer-a now has: ${await Deno.readTextFile(join(packA, "saves/My World/level.dat"))}`);
await Deno.remove(work, { recursive: true });
console.log("\ndemo: done (temporary folders removed)");
