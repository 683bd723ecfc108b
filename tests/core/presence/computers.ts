/**
 * Two or three computers sharing one instance, for the presence tests: each has its own pack folder,
 * machine id and host name, and all share one key cache (a key is cached per repository, as on a
 * player's computers after their first sync). The repository is a real rest-server (append-only,
 * private repos) or a local folder.
 */
import { join } from "node:path";
import { listLockIds } from "../../../core/restic/listing.ts";
import { type RepoTarget, repoTarget } from "../../../core/restic/repo.ts";
import { push } from "../../../core/sync/push.ts";
import type { SyncOptions } from "../../../core/sync/options.ts";
import { startRestServer } from "../../helpers/restServer.ts";
import { testResticPath } from "../../helpers/tools.ts";
import type { Reporter } from "../../../core/ui.ts";
import { Machine } from "../sync/world.ts";

export type Backend = "rest-server" | "local folder";
export const BACKENDS: Backend[] = ["rest-server", "local folder"];

export interface Computers {
  a: Machine;
  b: Machine;
  c: Machine;
  /** Options for machine `m` (its machine id, the shared key cache, debug lines recorded). */
  opts(m: Machine, extra?: Partial<SyncOptions>): SyncOptions;
  target: RepoTarget;
  /** Lock files in the repository now. */
  locks(): Promise<string[]>;
  /** The rest-server (absent for a local folder). */
  server?: Awaited<ReturnType<typeof startRestServer>>;
  url: string;
  token: { id: string; password: string };
  [Symbol.asyncDispose](): Promise<void>;
}

/** A, B and C joined to one instance whose repository A created with a first push of one world. */
export async function computers(backend: Backend): Promise<Computers> {
  const root = await Deno.makeTempDir({ prefix: "is-presence-" });
  const token = { id: "player", password: "presence-secret" };
  const server = backend === "rest-server"
    ? await startRestServer({ users: { player: token.password } })
    : undefined;
  const url = server?.url ?? join(root, "repositories");
  const restic = testResticPath();
  const [a, b, c] = await Promise.all(["desktop", "laptop", "tablet"].map((h) => Machine.create(h, restic)));
  const id = await a.init(url, token);
  await b.init(url, token, id);
  await c.init(url, token, id);
  const env = { INSTANCE_SYNC_CACHE_DIR: join(root, "cache"), INSTANCE_SYNC_DEBUG: "1" };
  const opts = (m: Machine, extra: Partial<SyncOptions> = {}): SyncOptions => {
    const o = m.options({ machineId: `machine-${m.host}`, env, ...extra });
    // Debug lines land in the recording reporter too, so tests can see why a record was ignored.
    const reporter = m.reporter;
    (reporter as Reporter).debug = (line: string) => reporter.lines.push(`debug: ${line}`);
    return o;
  };
  await a.write({ "saves/World/level.dat": "v1" });
  await push(opts(a));
  const target = repoTarget(url, token, id);
  return {
    a,
    b,
    c,
    opts,
    target,
    locks: async () => (await listLockIds(target)) ?? [],
    server,
    url,
    token,
    async [Symbol.asyncDispose]() {
      await server?.[Symbol.asyncDispose]();
      for (const m of [a, b, c]) await Deno.remove(m.pack, { recursive: true }).catch(() => {});
      await Deno.remove(root, { recursive: true }).catch(() => {});
    },
  };
}
