/**
 * Measures the cheap snapshot listing against `restic snapshots` on the same rest-server repository
 * (docs/contract.md#sync-semantics, pull step 2). Run: `deno run -A tests/core/restic/listing_measure.ts [snapshots] [rounds]`.
 */
import { join } from "node:path";
import { Restic } from "../../../core/restic/driver.ts";
import { listSnapshotIds } from "../../../core/restic/listing.ts";
import { repoTarget } from "../../../core/restic/repo.ts";
import { makePack } from "../../helpers/pack.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { tempDir } from "../../helpers/tmp.ts";
import { testRestic } from "../../helpers/tools.ts";

const snapshots = Number(Deno.args[0] ?? 20);
const rounds = Number(Deno.args[1] ?? 10);
const token = { id: "alice", password: "measure-Secret-5" };

await using server = await startRestServer({ users: { alice: token.password } });
await using tmp = await tempDir();
const pack = await makePack(tmp.path);
const target = repoTarget(server.url, token, "01JD0000000000000000000003");
const restic = new Restic(await testRestic(), target, {
  extraEnv: { RESTIC_CACHE_DIR: join(tmp.path, "cache") },
});
await restic.init();
for (let i = 0; i < snapshots; i++) {
  await Deno.writeTextFile(join(pack.dir, "options.txt"), `round ${i}\n`);
  await restic.backup({
    cwd: pack.dir,
    filesFrom: pack.filesFrom,
    excludeFile: pack.excludeFile,
    host: "m",
    tags: [],
  });
}

async function time(label: string, fn: () => Promise<number>): Promise<void> {
  await fn(); // warm-up (restic's local cache, the HTTP connection)
  const ms: number[] = [];
  let n = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    n = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(
    `${label.padEnd(34)} ${n} ids  median ${median.toFixed(1)} ms  min ${ms[0].toFixed(1)}  max ${
      ms.at(-1)!.toFixed(1)
    }`,
  );
}

console.log(`rest-server, ${snapshots} snapshots, ${rounds} rounds each`);
await time(
  "listSnapshotIds (one HTTP GET)",
  async () => (await listSnapshotIds(target, () => Promise.resolve([]))).length,
);
await time("restic snapshots --json", async () => (await restic.snapshots()).length);
